package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgChartTest {
    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> transportsOf(Document doc, String tag, String cssClass) {
        List<String> names = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (cssClass.equals(e.getAttribute("class"))) {
                names.add(e.getAttribute("data-transport"));
            }
        }
        return names;
    }

    @Test
    void everyMeasuredTransportHasALatencyLineAndAThroughputBar() throws Exception {
        Document doc = parse(SvgChart.render(Reports.sample()));
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertEquals(List.of("spin-baseline", "agrona-o2o"), transportsOf(doc, "polyline", "series"));
        assertEquals(List.of("spin-baseline", "agrona-o2o"), transportsOf(doc, "rect", "bar"));
        NodeList lines = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
        for (int i = 0; i < lines.getLength(); i++) {
            String points = ((Element) lines.item(i)).getAttribute("points");
            assertEquals(6, points.split(" ").length, "one point per percentile: " + points);
        }
    }

    @Test
    void casesWithoutFiguresAreListedWithTheirReasonEscaped() throws Exception {
        String svg = SvgChart.render(Reports.sample());
        parse(svg);
        assertTrue(svg.contains("shm-spsc (32 B): not available: no transport for scheme &apos;shm&apos; &lt;here&gt;")
                || svg.contains("shm-spsc (32 B): not available: no transport for scheme 'shm' &lt;here&gt;"), svg);
        assertTrue(svg.contains("fifo (32 B): failed: child exited"));
    }

    @Test
    void sizesAppearInLabelsOnlyWhenTheyDiffer() throws Exception {
        BenchReport sweep = new BenchReport(new MachineInfo("c", 2, "j", "k", true), List.of(
                CaseResult.measured("spin-baseline", "busy-spin", 32, Reports.RTT, 1e6, 10, 10, 1L, true),
                CaseResult.measured("spin-baseline", "busy-spin", 1024, Reports.RTT, 1e5, 10, 10, 1L, true)));
        String svg = SvgChart.render(sweep);
        parse(svg);
        assertTrue(svg.contains("spin-baseline 1024 B"));
        assertTrue(!SvgChart.render(Reports.sample()).contains("spin-baseline 32 B"));
    }

    @Test
    void capacitiesAppearInLabelsOnlyWhenTheRunHasSeveral() throws Exception {
        BenchReport sweep = new BenchReport(new MachineInfo("c", 2, "j", "k", true), List.of(
                CaseResult.measured("spin-baseline", "busy-spin", 32, Reports.RTT, 1e6, 10, 10, 1L, true),
                CaseResult.measured("shm-spsc", "busy-spin", 32, Reports.RTT, 1e6, 10, 10, 1L, true).withCapacity(64 << 10),
                CaseResult.measured("shm-spsc", "busy-spin", 32, Reports.RTT, 2e6, 10, 10, 1L, true).withCapacity(1 << 20),
                CaseResult.failed("shm-mpsc", "busy-spin", 32, "boom", 1L, true).withCapacity(256 << 10)));
        String svg = SvgChart.render(sweep);
        parse(svg);
        // in the latency legend and at the throughput bar each
        assertEquals(2, svg.split("shm-spsc capacity 64k", -1).length - 1, svg);
        assertEquals(2, svg.split("shm-spsc capacity 1m", -1).length - 1, svg);
        assertTrue(svg.contains("shm-mpsc (32 B, capacity 256k): failed: boom"), svg);
        assertTrue(!svg.contains("spin-baseline capacity"), "a transport without the knob has no capacity: " + svg);
        assertTrue(!SvgChart.render(Reports.sample()).contains("capacity 64k"), "one capacity in the run: none shown");
    }

    @Test
    void emptyReportStillRenders() throws Exception {
        parse(SvgChart.render(new BenchReport(new MachineInfo("c", 1, "j", "k", false), List.of())));
    }

    @Test
    void durationsUseReadableUnits() {
        assertEquals("500 ns", SvgChart.nanos(500));
        assertEquals("1.5 µs", SvgChart.nanos(1500));
        assertEquals("20 ms", SvgChart.nanos(20_000_000));
    }
}
