package com.larkops.retention;

import com.larkops.model.Digest;

import java.util.Set;

/** Digests that an open approval request would deploy: a prune must leave them, or Approve would fail. */
@FunctionalInterface
public interface PendingApprovals {
    Set<Digest> digests();

    PendingApprovals NONE = Set::of;
}
