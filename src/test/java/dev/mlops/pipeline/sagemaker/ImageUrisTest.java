package dev.mlops.pipeline.sagemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import org.junit.jupiter.api.Test;

class ImageUrisTest {

    @Test
    void knowsThePublishedRegistriesOfSeveralRegions() {
        assertEquals("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3",
                ImageUris.sklearnImage("us-east-1", "1.2-1"));
        assertEquals("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
                ImageUris.xgboostImage("us-east-1", "1.7-1"));
        assertEquals("246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1",
                ImageUris.xgboostImage("us-west-2", "1.7-1"));
        assertEquals("141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3",
                ImageUris.sklearnImage("eu-west-1", "1.2-1"));
        assertEquals("492215442770.dkr.ecr.eu-central-1.amazonaws.com/sagemaker-xgboost:1.5-1",
                ImageUris.xgboostImage("eu-central-1", "1.5-1"));
        assertEquals("354813040037.dkr.ecr.ap-northeast-1.amazonaws.com/sagemaker-scikit-learn:1.0-1-cpu-py3",
                ImageUris.sklearnImage("ap-northeast-1", "1.0-1"));
        assertEquals("737474898029.dkr.ecr.sa-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
                ImageUris.xgboostImage("sa-east-1", "1.7-1"));
    }

    @Test
    void coversTheCommercialRegionsOnly() {
        assertEquals(29, ImageUris.regions().size(), ImageUris.regions().toString());
        assertTrue(ImageUris.regions().containsAll(java.util.List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2",
                "eu-west-1", "ap-southeast-2", "ca-central-1", "il-central-1")));
        assertFalse(ImageUris.regions().stream().anyMatch(r -> r.startsWith("cn-") || r.startsWith("us-gov-")
                || r.startsWith("us-iso")), "other partitions use other domains and accounts");
    }

    @Test
    void rejectsAnUnknownRegionListingTheKnownOnesAndTheOverride() {
        InputException e = assertThrows(InputException.class, () -> ImageUris.xgboostImage("xx-north-9", "1.7-1"));
        assertTrue(e.getMessage().startsWith("cannot find the XGBoost image for region 'xx-north-9': the image table knows af-south-1, "),
                e.getMessage());
        assertTrue(e.getMessage().contains("us-west-2") && e.getMessage().contains("set images.xgboost in the pipeline spec"),
                e.getMessage());
        InputException china = assertThrows(InputException.class, () -> ImageUris.sklearnImage("cn-north-1", "1.2-1"));
        assertTrue(china.getMessage().contains("images.sklearn"), china.getMessage());
    }

    @Test
    void rejectsAnUnknownVersionListingTheKnownOnes() {
        InputException e = assertThrows(InputException.class, () -> ImageUris.sklearnImage("us-east-1", "0.20.0"));
        assertEquals("cannot find the scikit-learn image version '0.20.0': the image table knows 0.23-1, 1.0-1, 1.2-1, 1.4-2;"
                + " set images.sklearn in the pipeline spec to an image URI to use another version", e.getMessage());
    }
}
