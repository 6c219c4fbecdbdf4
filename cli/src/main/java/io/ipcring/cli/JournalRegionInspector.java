package io.ipcring.cli;

import io.ipcring.ring.journal.JournalInspector;
import io.ipcring.ring.journal.JournalMetaDescriptor;
import io.ipcring.ring.journal.SegmentDescriptor;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.util.List;

/**
 * Names the files inside a journal's directory (meta, segments, reader positions) when
 * {@code ls} or {@code stat} meets one alone. Such a file belongs to its journal: it has no
 * owners of its own and is never abandoned alone ({@code clean} removes whole journals, see
 * {@link JournalScanner}); {@code stat journal:DIR} shows the journal.
 */
final class JournalRegionInspector implements RegionInspector {
    /** @param kind a header's kind @return true for the kinds of a journal's files */
    static boolean isJournalFile(int kind) {
        return kind == SegmentDescriptor.SEGMENT_KIND || kind == JournalMetaDescriptor.META_KIND
                || kind == JournalInspector.READER_POSITION_KIND;
    }

    @Override
    public boolean supports(int kind) {
        return isJournalFile(kind);
    }

    @Override
    public String kindName(int kind) {
        return kind == SegmentDescriptor.SEGMENT_KIND ? "journal segment"
                : kind == JournalMetaDescriptor.META_KIND ? "journal meta" : "journal reader position";
    }

    @Override
    public List<String[]> details(SharedRegion region) {
        Path owner = region.path().toAbsolutePath().getParent();
        if (region.kind() == JournalInspector.READER_POSITION_KIND && owner != null) {
            owner = owner.getParent();
        }
        return List.<String[]>of(new String[] {"journal", "a file of the journal in " + owner
                + "; ipcring stat journal:" + owner + " shows it"});
    }

    @Override
    public List<RegionOwner> owners(SharedRegion region) {
        return List.of();
    }
}
