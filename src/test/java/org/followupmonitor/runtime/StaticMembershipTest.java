package org.followupmonitor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StaticMembershipTest {
    @Test
    void theIdIsStablePerHostAndStateDirectoryAndDiffersOtherwise() {
        String a = StaticMembership.id("vm-1", Path.of("/srv/monitor/state"));
        assertThat(StaticMembership.id("vm-1", Path.of("/srv/monitor/./state"))).isEqualTo(a);
        assertThat(StaticMembership.id("vm-1", Path.of("/srv/monitor/state2"))).isNotEqualTo(a);
        assertThat(StaticMembership.id("vm-2", Path.of("/srv/monitor/state"))).isNotEqualTo(a);
    }

    @Test
    void theIdUsesOnlyCharactersKafkaAccepts() {
        String id = StaticMembership.id("host name/with:odd*chars", Path.of("/tmp/x"));
        assertThat(id).matches("[A-Za-z0-9._-]+").startsWith("followup-host-name-with-odd-chars-").hasSize(
                "followup-host-name-with-odd-chars-".length() + 24);
    }
}
