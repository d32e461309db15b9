package io.quarry.jobs.mine;

import io.quarry.connectors.BarsReader;
import io.quarry.connectors.GroupsReader;
import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import java.io.IOException;
import java.nio.file.Path;

/** Each subtask of a mining job reads the bars itself: a panel is not shipped through the job graph. */
final class MiningData {

    private MiningData() {
    }

    static Panel load(MiningSettings settings) throws IOException {
        Groups groups = settings.groups() == null ? Groups.none() : GroupsReader.read(Path.of(settings.groups()));
        return BarsReader.read(Path.of(settings.data()), groups);
    }
}
