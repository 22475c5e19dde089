package org.followupmonitor.stream;

import java.util.OptionalLong;

/** An {@link InputLag} whose total the test sets: what the client's metrics would say. Empty: not known yet. */
final class FakeInputLag implements InputLag {
    OptionalLong events = OptionalLong.empty();

    @Override
    public OptionalLong lag(int partition) {
        return events;
    }

    @Override
    public OptionalLong total() {
        return events;
    }
}
