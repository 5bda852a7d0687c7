package com.larkops.schedule;

import java.util.List;
import java.util.Optional;

/** Durable schedules (the SQL store implements it). Status moves are compare-and-set: one run, one cancel, whoever is first. */
public interface ScheduleStore {
    void create(Schedule schedule);

    Optional<Schedule> byId(String id);

    /** Schedules in {@code status}, soonest due first. */
    List<Schedule> withStatus(Schedule.Status status);

    /** The pending schedule waiting on approval request {@code approvalId}, if any. */
    Optional<Schedule> pendingByApproval(String approvalId);

    void cardMessage(String id, String messageId);

    void approval(String id, String approvalId);

    /** Moves {@code id} from {@code from} to {@code to} with {@code result}; false when it was not in {@code from}. */
    boolean transition(String id, Schedule.Status from, Schedule.Status to, String result);
}
