package io.ipcring.cli;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@link RegionInspector}s the CLI knows: the rings, the bench's own regions and a journal's files. */
final class RegionInspectors {
    private static final List<RegionInspector> ALL = List.of(new RingRegionInspector(), new BroadcastRegionInspector(),
            new WorkQueueRegionInspector(), new BenchRegionInspector(), new JournalRegionInspector());

    private RegionInspectors() {
    }

    /** @param kind a header's kind @return the inspector for it, if any */
    static Optional<RegionInspector> forKind(int kind) {
        return ALL.stream().filter(i -> i.supports(kind)).findFirst();
    }

    /** @param kind a header's kind @return its name, or its number in hex when unknown */
    static String kindName(int kind) {
        return forKind(kind).map(i -> i.kindName(kind))
                .orElse(String.format(Locale.ROOT, "kind 0x%08x", kind));
    }
}
