package dev.mlops.ml;

/**
 * Featurized rows as XGBoost takes them: one row-major {@code float} array ({@code rows * columns}
 * values), with no array per row, so a million rows of eight features cost 32 MB.
 */
public record FeatureMatrix(float[] values, int rows, int columns) {
    public FeatureMatrix {
        if (values.length != (long) rows * columns) {
            throw new IllegalArgumentException(values.length + " values for " + rows + " rows of " + columns);
        }
    }

    /** The rows of {@code x}, each as wide as the first. */
    public static FeatureMatrix of(double[][] x) {
        int width = x.length == 0 ? 0 : x[0].length;
        float[] flat = new float[x.length * width];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < width; j++) {
                flat[i * width + j] = (float) x[i][j];
            }
        }
        return new FeatureMatrix(flat, x.length, width);
    }
}
