package dev.mlops.pipeline;

/** A pipeline execution's status, spelt as SageMaker spells it. */
public enum ExecutionStatus {
    Executing, Stopping, Stopped, Failed, Succeeded;

    public boolean isTerminal() {
        return this == Stopped || this == Failed || this == Succeeded;
    }
}
