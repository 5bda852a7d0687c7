package com.larkops.app;

import com.larkops.runtime.ContainerRuntime;
import com.larkops.runtime.ContainerState;
import com.larkops.runtime.ForwardingRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The engine as the deployer sees it when the bot deploys itself: stopping the bot's own container is
 * not done by the thread running the plan (it would wait on its own death, and the release, the reply
 * and the clean-up would never finish). The stop is asked for on another thread and the plan goes on;
 * the engine's SIGTERM then drains this bot (see {@link Bot#close()}) while the new one serves.
 */
final class SelfRetire extends ForwardingRuntime {
    private static final Logger log = LoggerFactory.getLogger(SelfRetire.class);
    // lets the plan finish its last steps and the reply leave before the drain starts refusing new work
    static final Duration HEAD_START = Duration.ofSeconds(2);

    private final ContainerState self;

    SelfRetire(ContainerRuntime engine, ContainerState self) {
        super(engine);
        this.self = self;
    }

    @Override
    public void stop(String container, Duration grace) {
        if (!container.equals(self.name()) && !self.id().startsWith(container)) {
            engine.stop(container, grace);
            return;
        }
        log.info("retiring this bot's own container {} (grace {}): the new bot serves; draining", self.name(), grace);
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(HEAD_START.toMillis());
                engine.stop(container, grace);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("could not stop this bot's own container {}: {}", self.name(), e.getMessage());
            }
        }, "self-retire");
        t.setDaemon(true);
        t.start();
    }
}
