package com.larkops.selfcheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** One more volume in the bot's definition, then the doc's step 6 again on the running version: the container is replaced. */
final class DefinitionChange {
    private final SelfDeployCheck c;

    DefinitionChange(SelfDeployCheck c) {
        this.c = c;
    }

    void run() throws Exception {
        Engine.Bot old = c.engine.theOneRunning();
        Path config = Path.of(c.env.etc(), "larkops.yaml");
        String dataLine = "      - " + c.env.data() + ":/data\n";
        String yaml = Files.readString(config);
        if (!yaml.contains(dataLine)) {
            throw new AssertionError("the doc's config has no line '" + dataLine.strip() + "'");
        }
        Files.createDirectories(Path.of(c.env.data() + "-extra"));
        Files.writeString(config, yaml.replace(dataLine, dataLine + "      - " + c.env.data() + "-extra:/extra:ro\n"));
        c.docSteps(old.version(), "6");
        Engine.await("a new container on the same digest", Duration.ofSeconds(60), 200, () -> {
            Engine.Bot now = c.engine.theOneRunning();
            return !now.id().equals(old.id());
        });
        Engine.Bot now = c.engine.theOneRunning();
        if (!now.digest().equals(old.digest()) || !c.engine.mounts(now.id()).contains("/extra")) {
            throw new AssertionError("after the changed definition the running bot is " + now + " with mounts "
                    + c.engine.mounts(now.id()) + "; expected " + old.digest() + " with /extra");
        }
        c.expectDigest(old.version(), old.digest());
    }
}
