package io.ipcring.ring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.fanout.BroadcastRing;
import io.ipcring.ring.fanout.WorkQueueRing;
import io.ipcring.ring.unicast.MpscRing;
import io.ipcring.ring.unicast.SpscRing;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every ring family hands out its producers, consumers, publishers and subscribers as interfaces. */
class EndpointTypesTest {
    @Test
    void everyRingReturnsItsEndpointsAsInterfaces() {
        List<String> concrete = new ArrayList<>();
        int endpoints = 0;
        for (Class<?> ring : List.of(SpscRing.class, MpscRing.class, BroadcastRing.class, WorkQueueRing.class)) {
            for (Method method : ring.getMethods()) {
                Class<?> type = method.getReturnType();
                if (AutoCloseable.class.isAssignableFrom(type) && type != ring) {
                    endpoints++;
                    if (!type.isInterface() || !Modifier.isPublic(type.getModifiers())) {
                        concrete.add(ring.getSimpleName() + "." + method.getName() + " returns " + type.getName());
                    }
                }
            }
        }
        assertTrue(endpoints >= 12, "endpoints found: " + endpoints);
        assertTrue(concrete.isEmpty(), concrete.toString());
    }
}
