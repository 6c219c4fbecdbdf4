package io.ipcring.sync;

/** Who may open a region's file: the file mode it is created with, whatever the umask. */
public enum RegionAccess {
    /** Mode 0600: only the creating user. The default. */
    OWNER(0600),
    /** Mode 0660: the creating user and its group. */
    OWNER_AND_GROUP(0660);

    private final int mode;

    RegionAccess(int mode) {
        this.mode = mode;
    }

    /** @return the POSIX file mode bits */
    public int mode() {
        return mode;
    }
}
