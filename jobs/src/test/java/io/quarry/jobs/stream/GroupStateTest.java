package io.quarry.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.connectors.kafka.StreamBar;
import io.quarry.dsl.eval.CrossSection;
import io.quarry.dsl.eval.IncrementalEvaluator;
import io.quarry.dsl.panel.Groups;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The bars an alpha group holds until the watermark passes their timestamp. */
class GroupStateTest {

    private static StreamBar bar(String symbol, long time, double close) {
        return new StreamBar("t" + time, time, symbol, new String[] {"close"}, new double[] {close});
    }

    private static GroupState empty() {
        return new GroupState(new IncrementalEvaluator(List.of(), Groups.none(), 5), new TreeMap<>());
    }

    @Test
    void aRepeatedBarReplacesTheEarlierOneInItsPlace() {
        GroupState s = empty();
        s.add(bar("B", 1, 10));
        s.add(bar("A", 1, 20));
        s.add(bar("C", 2, 30));
        s.add(bar("B", 1, 11)); // a correction of B at time 1
        assertThat(s.pending.keySet()).containsExactly(1L, 2L);
        assertThat(s.pending.get(1L).values()).extracting(StreamBar::symbol).containsExactly("B", "A");
        assertThat(s.pending.get(1L).get("B").values()).containsExactly(11.0);
        CrossSection cs = GroupState.crossSection(s.pending.get(1L).values());
        assertThat(cs.symbols()).containsExactly("A", "B");
        assertThat(cs.fields().get("close")).containsExactly(20.0, 11.0);
    }

    @Test
    void pendingBarsSurviveACopyAndASnapshotUnchanged() throws Exception {
        GroupState s = empty();
        s.add(bar("B", 1, 10));
        s.add(bar("A", 1, 20));
        s.add(bar("A", 3, 21));
        GroupState copy = s.copy();
        s.add(bar("C", 1, 5)); // the copy does not see later bars
        assertThat(copy.pending.get(1L).keySet()).containsExactly("B", "A");

        GroupStateSerializer serializer = new GroupStateSerializer(Map.of(), 0);
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(s, out);
        GroupState back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.pending.keySet()).containsExactly(1L, 3L);
        assertThat(back.pending.get(1L).keySet()).containsExactly("B", "A", "C");
        assertThat(back.pending.get(3L).get("A").values()).containsExactly(21.0);
    }
}
