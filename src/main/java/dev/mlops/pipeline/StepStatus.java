package dev.mlops.pipeline;

/** A pipeline step's status, spelt as SageMaker's ListPipelineExecutionSteps spells it. */
public enum StepStatus {
    Starting, Executing, Stopping, Stopped, Failed, Succeeded;

    public boolean isTerminal() {
        return this == Stopped || this == Failed || this == Succeeded;
    }
}
