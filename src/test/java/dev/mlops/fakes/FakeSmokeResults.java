package dev.mlops.fakes;

import dev.mlops.smoke.SmokeRecord;
import dev.mlops.smoke.SmokeResults;
import java.util.ArrayList;
import java.util.List;

/** Smoke records in memory, in the order they were recorded, like the smoke results file. */
public final class FakeSmokeResults implements SmokeResults {
    private final List<SmokeRecord> records = new ArrayList<>();

    @Override
    public void record(SmokeRecord record) {
        records.add(record);
    }

    @Override
    public List<SmokeRecord> of(String env) {
        return records.stream().filter(r -> r.env().equals(env)).toList();
    }
}
