package io.ipcring.ring.fanout;

import com.google.common.collect.testing.QueueTestSuiteBuilder;
import com.google.common.collect.testing.TestStringQueueGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import io.ipcring.ring.TestPaths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Queue;
import java.util.stream.Stream;
import junit.framework.Test;
import junit.framework.TestFailure;
import junit.framework.TestResult;
import junit.framework.TestSuite;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link RingQueue} through Guava testlib's {@link QueueTestSuiteBuilder}: the
 * {@link java.util.Collection} and {@link Queue} contracts as Guava checks them, removal from the
 * middle and the iterator's {@code remove} included. The suite is made of JUnit 3 tests; each runs
 * here as a JUnit 5 dynamic test, and the queue files it opened are closed and deleted after it.
 */
class RingQueueGuavaTestlibTest {
    /** Room for every element a suite test adds (they add a handful). */
    private static final int CAPACITY = 64;

    /** The queues the running suite test opened; suite tests run one at a time. */
    private final List<RingQueue<String>> opened = new ArrayList<>();
    private TestPaths paths = new TestPaths();

    @TestFactory
    Stream<DynamicTest> theQueueTestSuitePasses() {
        TestSuite suite = QueueTestSuiteBuilder.using(new TestStringQueueGenerator() {
            @Override
            protected Queue<String> create(String[] elements) {
                RingQueue<String> queue = RingQueue.open(paths.next("guava"), CAPACITY, 64, StringCodec.INSTANCE);
                opened.add(queue);
                Collections.addAll(queue, elements);
                return queue;
            }
        }).named("RingQueue")
                .withFeatures(CollectionFeature.GENERAL_PURPOSE, CollectionFeature.KNOWN_ORDER,
                        CollectionFeature.ALLOWS_NULL_QUERIES, CollectionSize.ANY)
                .createTestSuite();
        List<Test> tests = new ArrayList<>();
        flatten(suite, tests);
        return tests.stream().map(test -> DynamicTest.dynamicTest(test.toString(), () -> run(test)));
    }

    private void run(Test test) {
        TestResult result = new TestResult();
        try {
            test.run(result);
        } finally {
            opened.forEach(RingQueue::close);
            opened.clear();
            paths.close();
            paths = new TestPaths();
        }
        for (Enumeration<TestFailure> failures = result.failures(); failures.hasMoreElements(); ) {
            throw failure(failures.nextElement());
        }
        for (Enumeration<TestFailure> errors = result.errors(); errors.hasMoreElements(); ) {
            throw failure(errors.nextElement());
        }
        if (result.runCount() != 1) {
            throw new AssertionError(test + " ran " + result.runCount() + " times");
        }
    }

    private static AssertionError failure(TestFailure failure) {
        AssertionError error = new AssertionError(failure.failedTest() + ": " + failure.exceptionMessage(),
                failure.thrownException());
        return error;
    }

    private static void flatten(Test test, List<Test> into) {
        if (test instanceof TestSuite) {
            TestSuite suite = (TestSuite) test;
            for (int i = 0; i < suite.testCount(); i++) {
                flatten(suite.testAt(i), into);
            }
        } else {
            into.add(test);
        }
    }
}
