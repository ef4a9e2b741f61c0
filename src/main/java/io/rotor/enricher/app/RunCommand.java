package io.rotor.enricher.app;

import io.rotor.enricher.config.ConfigPrinter;
import io.rotor.enricher.config.EnricherConfig;
import io.rotor.enricher.service.EnricherService;
import io.rotor.enricher.service.ServiceSeams;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Runs the enricher: consumes the input topic, looks leads up in Rotor, writes Avro Leads to the output topic,",
                "parks retries and dead-letters the rest. Runs until SIGTERM; health and metrics on ENRICHER_HTTP_PORT."})
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    RunCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        EnricherConfig config = options.load(env);
        if (options.printConfig) {
            ConfigPrinter.print(config, spec.commandLine().getOut());
            return 0;
        }
        LogLevels.apply(config.logLevel());
        LogFormats.apply(config.logFormat());
        EnricherService service = EnricherService.start(config, ServiceSeams.production());
        Thread hook = new Thread(() -> {
            LOG.info("Signal received, shutting down");
            service.close();
        }, "enricher-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = service.awaitExit();
        if (code != 0) {
            spec.commandLine().getErr().println("error: " + service.fatalReason());
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running (SIGTERM): it closed the service.
        }
        return code;
    }
}
