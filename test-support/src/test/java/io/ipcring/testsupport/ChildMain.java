package io.ipcring.testsupport;

/**
 * The child of {@link ChildJvmTest}: {@code exit <code>} prints its arguments, the system
 * property {@code child.flag} and the environment variable {@code JAVA_TOOL_OPTIONS}, then exits
 * with the code; {@code sleep} prints "sleeping" and sleeps a minute.
 */
public final class ChildMain {
    private ChildMain() {
    }

    /** @param args {@code exit <code> [words...]} or {@code sleep} */
    public static void main(String[] args) throws InterruptedException {
        if (args[0].equals("sleep")) {
            System.out.println("sleeping");
            System.out.flush();
            Thread.sleep(60_000);
            return;
        }
        System.out.println("args " + String.join(" ", args));
        System.out.println("flag " + System.getProperty("child.flag"));
        System.err.println("env " + System.getenv("JAVA_TOOL_OPTIONS"));
        System.exit(Integer.parseInt(args[1]));
    }
}
