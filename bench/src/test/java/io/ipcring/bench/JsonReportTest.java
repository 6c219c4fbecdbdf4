package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {
    private static final Set<String> RESULT_KEYS = Set.of("transport", "mode", "size", "capacity_bytes", "rtt_ns", "throughput_msgs_per_s",
            "round_trips", "messages", "floor_p50_ns", "available");

    private static JsonObject parse(BenchReport report) {
        return JsonParser.parseString(JsonReport.toJson(report)).getAsJsonObject();
    }

    @Test
    void machineHasExactlyTheIssueFields() {
        JsonObject machine = parse(Reports.sample()).getAsJsonObject("machine");
        assertEquals(Set.of("cpu", "cores", "java", "kernel", "pinned"), machine.keySet());
        assertEquals("Test CPU \"quoted\"", machine.get("cpu").getAsString());
        assertEquals(2, machine.get("cores").getAsInt());
        assertTrue(machine.get("pinned").getAsBoolean());
    }

    @Test
    void measuredResultHasTheIssueFieldsPlusFloorAndAvailable() {
        JsonObject r = parse(Reports.sample()).getAsJsonArray("results").get(0).getAsJsonObject();
        assertEquals(RESULT_KEYS, r.keySet());
        assertTrue(r.get("capacity_bytes").isJsonNull(), "spin-baseline has no capacity");
        JsonObject agrona = parse(Reports.sample()).getAsJsonArray("results").get(1).getAsJsonObject();
        assertEquals(65536, agrona.get("capacity_bytes").getAsInt());
        assertEquals("spin-baseline", r.get("transport").getAsString());
        assertEquals("busy-spin", r.get("mode").getAsString());
        assertEquals(32, r.get("size").getAsInt());
        JsonObject rtt = r.getAsJsonObject("rtt_ns");
        assertEquals(Set.of("min", "p50", "p90", "p99", "p999", "max"), rtt.keySet());
        assertEquals(300, rtt.get("min").getAsLong());
        assertEquals(500, rtt.get("p50").getAsLong());
        assertEquals(5_000, rtt.get("p999").getAsLong());
        assertEquals(40_000, rtt.get("max").getAsLong());
        assertEquals(8_000_000.5, r.get("throughput_msgs_per_s").getAsDouble(), 0.01);
        assertEquals(1000, r.get("round_trips").getAsLong());
        assertEquals(20000, r.get("messages").getAsLong());
        assertEquals(400, r.get("floor_p50_ns").getAsLong());
        assertTrue(r.get("available").getAsBoolean());
    }

    @Test
    void unavailableResultHasNullFiguresAndTheReason() {
        JsonArray results = parse(Reports.sample()).getAsJsonArray("results");
        JsonObject r = results.get(2).getAsJsonObject();
        assertFalse(r.get("available").getAsBoolean());
        assertTrue(r.get("rtt_ns").isJsonNull());
        assertTrue(r.get("throughput_msgs_per_s").isJsonNull());
        assertTrue(r.get("floor_p50_ns").isJsonNull());
        assertEquals("no transport for scheme 'shm' <here>", r.get("reason").getAsString());
        JsonObject failed = results.get(3).getAsJsonObject();
        assertTrue(failed.get("available").getAsBoolean());
        assertEquals("failed: child exited with code 1:\n\tat line two", failed.get("reason").getAsString());
        assertEquals(420, failed.get("floor_p50_ns").getAsLong());
    }

    @Test
    void histogramPercentilesReachTheJson() {
        Histogram histogram = new Histogram(1_000_000, 3);
        for (int v = 1; v <= 1000; v++) {
            histogram.recordValue(v * 100L);
        }
        LatencySummary summary = LatencySummary.of(histogram);
        BenchReport report = new BenchReport(new MachineInfo("c", 1, "j", "k", false), List.of(
                CaseResult.measured("spin-baseline", "busy-spin", 8, summary, 1.0, 1000, 2, 1L, false)));
        JsonObject rtt = parse(report).getAsJsonArray("results").get(0).getAsJsonObject().getAsJsonObject("rtt_ns");
        assertEquals(100, rtt.get("min").getAsLong());
        assertEquals(50_000, rtt.get("p50").getAsDouble(), 50);
        assertEquals(90_000, rtt.get("p90").getAsDouble(), 90);
        assertEquals(99_000, rtt.get("p99").getAsDouble(), 99);
        assertEquals(99_900, rtt.get("p999").getAsDouble(), 100);
        assertEquals(100_000, rtt.get("max").getAsDouble(), 100);
    }

    @Test
    void emptyReportIsValidJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.json");
        JsonReport.write(new BenchReport(new MachineInfo("c", 1, "j", "k", false), List.of()), file);
        JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertEquals(0, root.getAsJsonArray("results").size());
    }

    @Test
    void controlCharactersAreEscaped() {
        assertEquals("\"a\\u0001b\\\\c\"", JsonReport.string("a\u0001b\\c"));
    }

    @Test
    void roundsListEachRoundsFiguresBesideTheirMedians() {
        JsonArray results = parse(Reports.rounds()).getAsJsonArray("results");
        JsonObject spsc = results.get(0).getAsJsonObject();
        assertEquals(481, spsc.getAsJsonObject("rtt_ns").get("p50").getAsLong());
        assertEquals(19_000_000.0, spsc.get("throughput_msgs_per_s").getAsDouble());
        JsonArray rounds = spsc.getAsJsonArray("rounds");
        assertEquals(3, rounds.size());
        assertEquals(552, rounds.get(1).getAsJsonObject().getAsJsonObject("rtt_ns").get("p50").getAsLong());
        assertEquals(10_500_000.0, rounds.get(1).getAsJsonObject().get("throughput_msgs_per_s").getAsDouble());
        assertEquals(420, rounds.get(1).getAsJsonObject().get("floor_p50_ns").getAsLong());
        assertFalse(results.get(1).getAsJsonObject().has("rounds"), "an unavailable transport ran no rounds");
        assertFalse(parse(Reports.sample()).getAsJsonArray("results").get(0).getAsJsonObject().has("rounds"));
    }
}
