package com.larkops.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.larkops.i18n.StoredText;
import com.larkops.model.Digest;
import com.larkops.retention.AttachmentDecision;
import com.larkops.retention.HostRemoval;
import com.larkops.retention.ImageDecision;
import com.larkops.retention.PlanStore;
import com.larkops.retention.PrunePlan;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Dry-run prune plans in SQLite, as JSON; the last few per scope are kept. Each reason is stored in every language
 * ({@link StoredText}), so {@code --apply} replays the plan in its reader's language; a plan stored before reads as written.
 */
public final class PrunePlans implements PlanStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEPT_PER_SCOPE = 5;

    private final Database db;

    public PrunePlans(Database db) {
        this.db = db;
    }

    @Override
    public void save(PrunePlan plan) {
        db.insert("store the prune plan", "INSERT INTO prune_plans(scope, made_ms, plan) VALUES (?,?,?)", ps -> {
            ps.setString(1, plan.scope());
            ps.setLong(2, plan.madeAt().toEpochMilli());
            ps.setString(3, write(plan));
        });
        db.update("trim old prune plans", "DELETE FROM prune_plans WHERE scope=? AND id NOT IN "
                + "(SELECT id FROM prune_plans WHERE scope=? ORDER BY id DESC LIMIT " + KEPT_PER_SCOPE + ")", ps -> {
            ps.setString(1, plan.scope());
            ps.setString(2, plan.scope());
        });
    }

    @Override
    public Optional<PrunePlan> latest(String scope, Instant notBefore) {
        return db.query("read the latest prune plan", "SELECT plan FROM prune_plans WHERE scope=? AND made_ms>=? "
                + "AND applied_ms IS NULL ORDER BY id DESC LIMIT 1", ps -> {
            ps.setString(1, scope);
            ps.setLong(2, notBefore.toEpochMilli());
        }, rs -> read(rs.getString(1))).stream().findFirst();
    }

    @Override
    public void markApplied(String scope, Instant madeAt, Instant appliedAt) {
        db.update("mark the prune plan applied", "UPDATE prune_plans SET applied_ms=? WHERE scope=? AND made_ms=?", ps -> {
            ps.setLong(1, appliedAt.toEpochMilli());
            ps.setString(2, scope);
            ps.setLong(3, madeAt.toEpochMilli());
        });
    }

    static String write(PrunePlan plan) {
        ObjectNode root = JSON.createObjectNode().put("scope", plan.scope()).put("madeAt", plan.madeAt().toEpochMilli());
        ArrayNode registry = root.putArray("registry");
        for (ImageDecision d : plan.registry()) {
            ObjectNode n = registry.addObject().put("repository", d.repository()).put("digest", d.digest().value())
                    .put("delete", d.delete());
            d.tags().forEach(n.putArray("tags")::add);
            ArrayNode reasons = n.putArray("reasons");
            d.reasons().forEach(r -> reasons.add(StoredText.encode(r)));
            if (d.created() != null) {
                n.put("created", d.created().toEpochMilli());
            }
            if (d.size() != null) {
                n.put("size", d.size());
            }
        }
        ArrayNode host = root.putArray("host");
        for (HostRemoval h : plan.host()) {
            ObjectNode n = host.addObject().put("kind", h.kind().name()).put("target", h.target())
                    .put("service", h.service()).put("why", StoredText.encode(h.why()));
            h.refs().forEach(n.putArray("refs")::add);
            if (h.digest() != null) {
                n.put("digest", h.digest().value());
            }
            if (h.size() != null) {
                n.put("size", h.size());
            }
        }
        ArrayNode attachments = root.putArray("attachments");
        for (AttachmentDecision a : plan.attachments()) {
            ObjectNode n = attachments.addObject().put("repository", a.repository()).put("manifest", a.manifest().value())
                    .put("kind", a.kind()).put("delete", a.delete()).put("reason", StoredText.encode(a.reason()));
            a.tags().forEach(n.putArray("tags")::add);
            ArrayNode subjects = n.putArray("subjects");
            a.subjects().forEach(d -> subjects.add(d.value()));
        }
        return root.toString();
    }

    static PrunePlan read(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            List<ImageDecision> registry = new ArrayList<>();
            for (JsonNode n : root.path("registry")) {
                registry.add(new ImageDecision(n.path("repository").asText(), Digest.parse(n.path("digest").asText()),
                        strings(n.path("tags")), instant(n.path("created")), n.has("size") ? n.get("size").asLong() : null,
                        n.path("delete").asBoolean(false), strings(n.path("reasons")).stream().map(StoredText::decode).toList()));
            }
            List<HostRemoval> host = new ArrayList<>();
            for (JsonNode n : root.path("host")) {
                host.add(new HostRemoval(HostRemoval.Kind.valueOf(n.path("kind").asText()), n.path("target").asText(),
                        strings(n.path("refs")), n.path("service").asText(),
                        n.has("digest") ? Digest.parse(n.get("digest").asText()) : null,
                        n.has("size") ? n.get("size").asLong() : null, StoredText.decode(n.path("why").asText())));
            }
            List<AttachmentDecision> attachments = new ArrayList<>();
            for (JsonNode n : root.path("attachments")) { // absent in plans stored before signatures were pruned
                attachments.add(new AttachmentDecision(n.path("repository").asText(), Digest.parse(n.path("manifest").asText()),
                        n.path("kind").asText(), strings(n.path("tags")), strings(n.path("subjects")).stream().map(Digest::parse).toList(),
                        n.path("delete").asBoolean(false), StoredText.decode(n.path("reason").asText())));
            }
            return new PrunePlan(root.path("scope").asText(), Instant.ofEpochMilli(root.path("madeAt").asLong()), registry, host,
                    attachments);
        } catch (IOException e) {
            throw new StoreException(com.larkops.i18n.Msg.of("app.store.prune_plan_unreadable"), e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(s -> out.add(s.asText()));
        return out;
    }

    private static Instant instant(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : Instant.ofEpochMilli(n.asLong());
    }
}
