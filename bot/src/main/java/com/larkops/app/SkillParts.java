package com.larkops.app;

import com.larkops.command.CommandRouter;
import com.larkops.config.LarkopsConfig;
import com.larkops.release.Deployer;
import com.larkops.release.PlanExecutor;
import com.larkops.runtime.RuntimeReads;
import com.larkops.skill.CanaryCommands;
import com.larkops.skill.CanaryManager;
import com.larkops.skill.FlagCommands;
import com.larkops.skill.FlagStorage;
import com.larkops.skill.SkillBreaker;
import com.larkops.skill.SkillBulkheads;
import com.larkops.skill.SkillClient;
import com.larkops.skill.SkillRouter;
import com.larkops.skill.SkillStats;
import com.larkops.skill.SkillStatus;

import java.time.Clock;

/** The skill side, wired once: routing of skill words, canaries, feature flags, and the skills section of /status. */
final class SkillParts implements AutoCloseable {
    final SkillRouter router;
    final SkillStatus status;
    final FlagCommands flags;
    private final SkillBulkheads bulkheads = new SkillBulkheads();
    private final LarkopsConfig config;
    private final RuntimeReads runtime;
    private final Deployer deployer;
    private final PlanExecutor executor;
    private final com.larkops.approval.Approvals approvals;

    SkillParts(LarkopsConfig config, RuntimeReads runtime, Deployer deployer, PlanExecutor executor, FlagStorage flagStore,
               com.larkops.approval.Approvals approvals, Clock clock) {
        this.approvals = approvals;
        this.config = config;
        this.runtime = runtime;
        this.deployer = deployer;
        this.executor = executor;
        this.flags = new FlagCommands(flagStore, clock);
        this.router = new SkillRouter(config, runtime, new SkillClient(), bulkheads, new SkillBreaker(clock), new SkillStats(), flags);
        this.status = new SkillStatus(router, runtime);
    }

    /** Registers /skill, /skills, /canary, /flag and the skill-word fallback; call after the built-in commands. */
    void register(CommandRouter commandRouter) {
        CanaryManager manager = new CanaryManager(config, runtime, deployer, executor, commandRouter.policy()::isApprover);
        approvals.useCanaries(new com.larkops.approval.Approvals.CanaryStarter() {
            @Override
            public Deployer.Outcome start(com.larkops.model.ServiceName service, com.larkops.model.Digest digest, int percent, com.larkops.command.Caller requester,
                                          com.larkops.command.Progress progress) {
                return manager.start(deployer.configOf(service), digest.value(), percent, requester, progress);
            }

            @Override
            public com.larkops.approval.Approvals.CanaryPlan plan(com.larkops.model.ServiceName service, com.larkops.release.Target target, int percent,
                                                                  com.larkops.command.Caller requester) {
                CanaryManager.Prepared prepared = manager.prepare(deployer.configOf(service), target, percent, requester);
                return new com.larkops.approval.Approvals.CanaryPlan(prepared.plan(), prepared.runningBefore());
            }

            @Override
            public Deployer.Outcome runApproved(com.larkops.model.ServiceName service, com.larkops.release.Target target, int percent,
                                                com.larkops.release.Plan plan, java.util.List<String> runningBefore,
                                                com.larkops.command.Caller requester, com.larkops.command.Progress progress) {
                return manager.runApproved(deployer.configOf(service), target, percent, plan, runningBefore, requester, progress);
            }

            @Override
            public String retire(com.larkops.model.ServiceName service, com.larkops.model.Env env, com.larkops.model.Digest live, com.larkops.command.Caller approver) {
                return manager.retire(deployer.configOf(service), env, live, approver);
            }
        });
        commandRouter.register(new CanaryCommands(manager, deployer, approvals::requestCanary, approvals::request).spec());
        commandRouter.register(flags.spec());
        commandRouter.register(status.spec());
        router.install(commandRouter);
    }

    @Override
    public void close() {
        bulkheads.close();
    }
}
