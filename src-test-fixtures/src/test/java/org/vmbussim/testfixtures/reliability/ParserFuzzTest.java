package org.vmbussim.testfixtures.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Structured fuzzing of every parser that reads the other side's bytes (docs/reliability.md, "Fuzzing"): the CI
 * slice runs {@link FuzzSettings#iterations()} inputs per parser; the long run raises it with
 * {@code -Dvmbussim.fuzz.iterations}. A failure names the seed and input to replay.
 */
class ParserFuzzTest {

    private static void campaign(final FuzzTarget target) {
        final long inputs = FuzzSettings.iterations();
        assertEquals(inputs, FuzzCampaign.run(target, FuzzSettings.seed(), inputs).inputs());
    }

    @Test
    void theGuestsRingReaderAndCompletionHandlingSurviveAHostileHost() {
        campaign(new VscCompletionTarget());
    }

    @Test
    void theRequestHeadParserOnlyEverGivesARequestOrATypedRefusal() {
        campaign(new HttpHeadTarget());
    }

    @Test
    void theGuestSurvivesMutatedControlMessagesFromTheHost() {
        campaign(new ControlMessageTarget(true));
    }

    @Test
    void theHostSurvivesMutatedControlMessagesFromTheGuest() {
        campaign(new ControlMessageTarget(false));
    }

    @Test
    void theUapiStructAndTheIoctlSurviveRandomContents() {
        campaign(new UapiStructTarget());
    }

    @Test
    void theProvidersRequestValidationSurvivesAHostileGuest() {
        campaign(new VspRequestTarget());
    }
}
