package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The input-offset measurement hook: off records nothing; on, a standing result is told of input it covers. */
class InputOffsetsTest {
    @Test
    void offRecordsNothingAndTellsNothing() {
        InputOffsets off = new InputOffsets(false);
        off.reached("a", 0, 10);
        assertThat(off.tell("a")).isEmpty();
        off.reached("a", 0, 12);
        assertThat(off.standing(name -> true)).isEmpty();
    }

    @Test
    void onTellsTheLatestOffsetsPerSourceAndEachMoveOnce() {
        InputOffsets on = new InputOffsets(true);
        on.reached("a", 0, 10);
        on.reached("a", 1, 4);
        on.reached("a", 0, 7); // an older delta (chunks of one flush carry the same offset): never backwards
        on.reached("a", 2, -1); // unknown
        assertThat(on.tell("a")).isEqualTo(Map.of(0, 10L, 1, 4L));
        assertThat(on.standing(name -> true)).as("nothing moved since told").isEmpty();

        on.reached("a", 1, 9);
        on.reached("b", 0, 3); // never told of a result: no standing result to extend
        assertThat(on.standing(name -> false)).as("still changing").isEmpty();
        assertThat(on.standing(name -> true)).isEqualTo(Map.of("a", Map.of(0, 10L, 1, 9L)));
        assertThat(on.standing(name -> true)).isEmpty();
    }
}
