package io.ipcring.cli;

import io.ipcring.channel.Channels;
import io.ipcring.channel.Publisher;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ipcring send <uri> --type T TEXT}: publishes one message. */
@Command(name = "send", mixinStandardHelpOptions = true, description = "Publish one message (UTF-8 text) on a channel.")
final class SendCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URI", description = "The channel, e.g. shm:/orders?kind=mpsc.")
    private String uri;

    @Parameters(index = "1", paramLabel = "TEXT", description = "The payload.")
    private String text;

    @Option(names = "--type", paramLabel = "T", defaultValue = "1", description = "Message type, positive (default: ${DEFAULT-VALUE}).")
    private int type;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long to wait for room (default: ${DEFAULT-VALUE}).")
    private long timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (type <= 0) {
            throw new CliException("--type=" + type + " must be positive (0 and below are reserved)");
        }
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        try (Publisher publisher = Channels.publisher(uri)) {
            if (payload.length > publisher.maxMessageLength()) {
                throw new CliException("message is " + payload.length + " bytes, the channel takes at most "
                        + publisher.maxMessageLength());
            }
            if (!publisher.offer(ByteBuffer.wrap(payload), 0, payload.length, type, timeoutSeconds, TimeUnit.SECONDS)) {
                throw new CliException("no room on " + uri + " within " + timeoutSeconds + " s (is anyone consuming?)");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("sent type=" + type + " length=" + payload.length + " to " + uri);
        out.flush();
        return 0;
    }
}
