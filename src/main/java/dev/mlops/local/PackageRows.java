package dev.mlops.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.registry.ApprovalEvent;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelPackageRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry's SQL, one statement per method; callers own the transaction around them. */
final class PackageRows {
    /** A group as stored; {@code latestVersion} only grows, so versions are never handed out twice. */
    record Group(long id, String name, int latestVersion) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Double>> METRICS = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, String>> ARTIFACTS = new TypeReference<>() {
    };
    private static final String PACKAGE_COLUMNS = "version, arn, approval_status, package_status, created_at,"
            + " metrics, artifacts, source_commit, execution_id, description";

    private final Connection connection;

    PackageRows(Connection connection) {
        this.connection = connection;
    }

    Optional<Group> group(String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, name, latest_version FROM model_package_group WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Group(row.getLong(1), row.getString(2), row.getInt(3)))
                        : Optional.empty();
            }
        }
    }

    Group insertGroup(String name, Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO model_package_group (name, created_at, latest_version) VALUES (?, ?, 0) RETURNING id")) {
            insert.setString(1, name);
            insert.setString(2, at.toString());
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return new Group(row.getLong(1), name, 0);
            }
        }
    }

    void setLatestVersion(Group group, int version) throws SQLException {
        update("UPDATE model_package_group SET latest_version = ? WHERE id = ?", version, group.id());
    }

    void insertPackage(Group group, ModelPackage p, Optional<String> buildKey) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO model_package (group_id, "
                + PACKAGE_COLUMNS + ", build_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, group.id());
            insert.setInt(2, p.version());
            insert.setString(3, p.arn());
            insert.setString(4, p.approvalStatus().name());
            insert.setString(5, p.packageStatus());
            insert.setString(6, p.createdAt().toString());
            insert.setString(7, json(p.metrics()));
            insert.setString(8, json(p.artifacts()));
            insert.setString(9, p.sourceCommit().orElse(null));
            insert.setString(10, p.executionId().orElse(null));
            insert.setString(11, p.description().orElse(null));
            insert.setString(12, buildKey.orElse(null));
            insert.executeUpdate();
        }
    }

    void setApprovalStatus(Group group, int version, ApprovalStatus status) throws SQLException {
        update("UPDATE model_package SET approval_status = ? WHERE group_id = ? AND version = ?",
                status.name(), group.id(), version);
    }

    void insertEvent(Group group, int version, ApprovalEvent event) throws SQLException {
        update("INSERT INTO approval_event (group_id, version, from_status, to_status, decided_by, decided_at,"
                + " reason) VALUES (?, ?, ?, ?, ?, ?, ?)", group.id(), version,
                event.from().map(Enum::name).orElse(null), event.to().name(), event.by(), event.at().toString(),
                event.reason());
    }

    /** The group's packages with versions in {@code from..to}, newest first, each with its full history. */
    List<ModelPackage> packages(Group group, int from, int to) throws SQLException {
        Map<Integer, List<ApprovalEvent>> histories = histories(group, from, to);
        List<ModelPackage> packages = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + PACKAGE_COLUMNS
                + " FROM model_package WHERE group_id = ? AND version BETWEEN ? AND ? ORDER BY version DESC")) {
            bind(select, group.id(), from, to);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    int version = row.getInt("version");
                    packages.add(new ModelPackage(group.name(), version, row.getString("arn"),
                            ApprovalStatus.valueOf(row.getString("approval_status")), row.getString("package_status"),
                            Instant.parse(row.getString("created_at")),
                            map(row.getString("metrics"), METRICS), map(row.getString("artifacts"), ARTIFACTS),
                            optional(row, "source_commit"), optional(row, "execution_id"),
                            optional(row, "description"), histories.getOrDefault(version, List.of())));
                }
            }
        }
        return packages;
    }

    /** The package registered under a build key, if any: its group and version. */
    Optional<ModelPackageRef> byBuildKey(String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT g.name, p.version FROM model_package p"
                + " JOIN model_package_group g ON g.id = p.group_id WHERE p.build_key = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new ModelPackageRef(row.getString(1), row.getInt(2))) : Optional.empty();
            }
        }
    }

    List<String> groupNames() throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT name FROM model_package_group ORDER BY name COLLATE NOCASE, name");
                ResultSet row = select.executeQuery()) {
            while (row.next()) {
                names.add(row.getString(1));
            }
        }
        return names;
    }

    /** Why {@code ref} is not found, naming what does exist. */
    String whyMissing(ModelPackageRef ref) throws SQLException {
        Optional<Group> group = group(ref.group());
        if (group.isEmpty()) {
            List<String> names = groupNames();
            return "no such group" + (names.isEmpty() ? " (the registry has no groups yet)"
                    : " (known groups: " + String.join(", ", names.subList(0, Math.min(10, names.size())))
                    + (names.size() > 10 ? ", ..." : "") + ")");
        }
        int latest = group.get().latestVersion();
        String versions = latest == 1 ? "version 1" : "versions 1.." + latest;
        return "no such package (group " + group.get().name() + " has " + versions + ")";
    }

    private Map<Integer, List<ApprovalEvent>> histories(Group group, int from, int to) throws SQLException {
        Map<Integer, List<ApprovalEvent>> histories = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT version, from_status, to_status,"
                + " decided_by, decided_at, reason FROM approval_event"
                + " WHERE group_id = ? AND version BETWEEN ? AND ? ORDER BY version, id")) {
            bind(select, group.id(), from, to);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    histories.computeIfAbsent(row.getInt(1), v -> new ArrayList<>()).add(new ApprovalEvent(
                            Optional.ofNullable(row.getString(2)).map(ApprovalStatus::valueOf),
                            ApprovalStatus.valueOf(row.getString(3)), row.getString(4),
                            Instant.parse(row.getString(5)), row.getString(6)));
                }
            }
        }
        return histories;
    }

    private void update(String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }

    private static Optional<String> optional(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getString(column));
    }

    private static String json(Map<String, ?> map) throws SQLException {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write " + map.keySet() + " as JSON", e);
        }
    }

    private static <T> T map(String json, TypeReference<T> type) throws SQLException {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored metrics or artifacts column is not a JSON object", e);
        }
    }
}
