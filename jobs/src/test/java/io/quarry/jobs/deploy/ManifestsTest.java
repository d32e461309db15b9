package io.quarry.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.parse.Limits;
import io.quarry.dsl.parse.Source;
import io.quarry.dsl.testing.SharedData;
import io.quarry.jobs.cli.QuarryCli;
import io.quarry.jobs.stream.Streamable;
import io.quarry.jobs.stream.Topics;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.FlinkDeploymentSpec;
import org.apache.flink.kubernetes.operator.api.spec.JobSpec;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The k8s/ manifests against the code they deploy: every YAML parses, every FlinkDeployment reads
 * strictly into the operator's own classes, names an entry class that exists and a command line the CLI
 * accepts, finds every file it names in the image or a volume; the kustomizations list only files that
 * exist; the KafkaTopics are the job's topics; the live alphas check and stream. When kubectl is on the
 * PATH, the kustomize output of the base and of every overlay is checked the same way.
 */
class ManifestsTest {

    private static final Path REPO = SharedData.repoRoot();
    private static final Path K8S = REPO.resolve("k8s");
    /**
     * Strict: an unknown property fails, also in the operator's classes, which are annotated to ignore
     * unknown properties (then FAIL_ON_UNKNOWN_PROPERTIES alone would accept any misspelling).
     */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
                    return super.findPropertyIgnoralByName(config, a).withoutIgnoreUnknown();
                }
            }).build();

    /** One YAML document of a file. */
    private record Doc(Path file, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }
    }

    /** What the pods see: ConfigMaps (name to file name to text) and the Dockerfile's copies (destination to source). */
    private record World(Map<String, Map<String, String>> configMaps, Map<Path, Path> copies) {
    }

    // ---- the files as written

    @Test
    void everyYamlFileParses() throws IOException {
        List<Path> files = yamlFiles();
        assertThat(files).extracting(f -> K8S.relativize(f).toString().replace(File.separatorChar, '/'))
                .contains("base/kustomization.yaml", "base/topics.yaml", "base/stream-deployment.yaml",
                        "base/mine-deployment.yaml", "overlays/local/kustomization.yaml");
        for (Path f : files) {
            List<JsonNode> docs = parse(f, Files.readString(f));
            assertThat(docs).as(f.toString()).isNotEmpty();
            for (JsonNode d : docs) {
                if (d.isArray()) {
                    d.forEach(op -> assertThat(op.path("op").asText()).as(f + ": JSON patch op").isNotEmpty());
                } else {
                    assertThat(d.path("apiVersion").asText()).as(f + ": apiVersion").isNotEmpty();
                    assertThat(d.path("kind").asText()).as(f + ": kind").isNotEmpty();
                }
            }
        }
    }

    @Test
    void flinkDeploymentsReadStrictlyIntoTheOperatorsClasses() throws IOException {
        List<Doc> deployments = fileDocs().stream().filter(d -> d.kind().equals("FlinkDeployment")).toList();
        assertThat(deployments).extracting(Doc::name).contains("quarry-stream", "quarry-mine");
        for (Doc d : deployments) {
            FlinkDeployment fd = strict(d);
            assertThat(fd.getApiVersion()).isEqualTo("flink.apache.org/v1beta1");
            assertThat(fd.getMetadata().getAdditionalProperties()).as(d.file() + ": metadata").isEmpty();
        }
    }

    @Test
    void theStrictReaderRefusesAMisspelledField() throws IOException {
        Doc stream = fileDocs().stream().filter(d -> d.name().equals("quarry-stream")
                && d.file().getParent().equals(K8S.resolve("base"))).findFirst().orElseThrow();
        ObjectNode wrong = stream.node().deepCopy();
        ((ObjectNode) wrong.path("spec").path("job")).put("paralelism", 2);
        assertThatThrownBy(() -> strict(new Doc(stream.file(), wrong)))
                .hasRootCauseInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("paralelism");
    }

    @Test
    void baseDeploymentsMatchTheImageTheVolumesAndTheCli() throws IOException {
        World world = new World(generatedConfigMaps(K8S.resolve("base")), dockerfileCopies());
        List<Doc> base = fileDocs(K8S.resolve("base"));
        checkDeployments(base, world);
    }

    @Test
    void kustomizationsListOnlyFilesThatExist() throws IOException {
        List<Path> kustomizations = yamlFiles().stream()
                .filter(f -> f.getFileName().toString().equals("kustomization.yaml")).toList();
        assertThat(kustomizations).hasSizeGreaterThanOrEqualTo(2);
        for (Path k : kustomizations) {
            Path dir = k.getParent();
            JsonNode node = parse(k, Files.readString(k)).get(0);
            node.path("resources").forEach(r -> {
                Path p = dir.resolve(r.asText()).normalize();
                assertThat(Files.isRegularFile(p) || Files.isRegularFile(p.resolve("kustomization.yaml")))
                        .as(k + ": resource " + r.asText()).isTrue();
            });
            node.path("patches").forEach(p -> assertThat(dir.resolve(p.path("path").asText()))
                    .as(k + ": patch").isRegularFile());
            node.path("configMapGenerator").forEach(g -> g.path("files").forEach(f ->
                    assertThat(dir.resolve(fileOfEntry(f.asText()))).as(k + ": generated from").isRegularFile()));
        }
    }

    @Test
    void kafkaTopicsAreTheJobsTopics() throws IOException {
        List<Doc> topics = fileDocs(K8S.resolve("base")).stream().filter(d -> d.kind().equals("KafkaTopic")).toList();
        checkTopics(topics);
        Doc control = topics.stream().filter(t -> topicName(t).equals(Topics.withPrefix("quarry").control()))
                .findFirst().orElseThrow();
        assertThat(control.node().path("spec").path("partitions").asInt()).as("control: one partition keeps order")
                .isEqualTo(1);
        for (Doc t : topics) {
            assertThat(t.node().path("spec").path("config").path("cleanup.policy").asText()).isEqualTo("delete");
            assertThat(t.node().path("spec").path("replicas").asInt()).as(t.name()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void theLiveAlphasCheckAndStream() throws IOException {
        Map<String, Map<String, String>> maps = generatedConfigMaps(K8S.resolve("base"));
        assertThat(maps).containsKey("quarry-alphas");
        Map<String, String> files = maps.get("quarry-alphas");
        assertThat(files).isNotEmpty();
        files.forEach((name, text) -> assertThat(checkAlphas(name, text, Set.of(), 512)).hasSizeGreaterThanOrEqualTo(10));
    }

    // ---- what kustomize makes of them (needs kubectl)

    @Test
    void renderedBaseAndOverlaysAreConsistent() throws Exception {
        Optional<Path> kubectl = onPath("kubectl");
        assumeTrue(kubectl.isPresent(), "kubectl is not on the PATH");
        List<Path> roots = new ArrayList<>(List.of(K8S.resolve("base")));
        try (Stream<Path> overlays = Files.list(K8S.resolve("overlays"))) {
            overlays.filter(Files::isDirectory).sorted().forEach(roots::add);
        }
        Map<Path, Path> copies = dockerfileCopies();
        for (Path root : roots) {
            List<Doc> docs = render(kubectl.get(), root);
            Map<String, Map<String, String>> maps = new HashMap<>();
            for (Doc d : docs) {
                if (d.kind().equals("ConfigMap")) {
                    Map<String, String> data = new LinkedHashMap<>();
                    d.node().path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
                    maps.put(d.name(), data);
                }
            }
            checkDeployments(docs, new World(maps, copies));
            checkTopics(docs.stream().filter(d -> d.kind().equals("KafkaTopic")).toList());
            if (root.getFileName().toString().equals("local")) {
                for (Doc d : docs) {
                    if (d.kind().equals("FlinkDeployment")) {
                        FlinkDeploymentSpec spec = strict(d).getSpec();
                        assertThat(spec.getImagePullPolicy()).as(d.name()).isEqualTo("Never");
                        assertThat(spec.getJob().getParallelism()).as(d.name()).isEqualTo(1);
                    }
                }
            }
        }
    }

    // ---- checks

    private static void checkDeployments(List<Doc> docs, World world) {
        List<Doc> deployments = docs.stream().filter(d -> d.kind().equals("FlinkDeployment")).toList();
        assertThat(deployments).extracting(Doc::name).contains("quarry-stream", "quarry-mine");
        for (Doc d : deployments) {
            checkDeployment(d.name(), strict(d).getSpec(), world);
        }
    }

    private static void checkDeployment(String name, FlinkDeploymentSpec spec, World world) {
        JobSpec job = spec.getJob();
        assertThat(job.getParallelism()).as(name + ": parallelism").isGreaterThanOrEqualTo(1);
        entryClassExists(name, job);

        Map<String, String> conf = spec.getFlinkConfiguration();
        int slots = Integer.parseInt(conf.getOrDefault("taskmanager.numberOfTaskSlots", "1"));
        assertThat(slots).as(name + ": slots").isBetween(1, job.getParallelism());
        if (job.getUpgradeMode() == UpgradeMode.SAVEPOINT) {
            assertThat(conf.get("execution.checkpointing.savepoint-dir")).as(name + ": savepoint dir").isNotBlank()
                    .isEqualTo(conf.get("state.savepoints.dir"));
            assertThat(conf.get("execution.checkpointing.dir")).as(name + ": checkpoint dir").isNotBlank()
                    .isEqualTo(conf.get("state.checkpoints.dir"));
        }

        Mounts mounts = mounts(name, spec.getPodTemplate());
        mounts.configMaps().values().forEach(cm -> assertThat(world.configMaps()).as(name + ": ConfigMap").containsKey(cm));
        conf.values().stream().filter(v -> v.startsWith("file://"))
                .forEach(v -> assertThat(mounts.underVolume(v.substring("file://".length()))).as(name + ": " + v).isTrue());

        ParseResult command = new CommandLine(new QuarryCli()).parseArgs(job.getArgs()).subcommand();
        assertThat(command).as(name + ": a quarry command").isNotNull();
        assertThat(command.commandSpec().name()).isEqualTo(job.getArgs()[0]);
        OptionSpec parallelism = command.commandSpec().findOption("--parallelism");
        if (parallelism != null) {
            assertThat((Integer) parallelism.getValue()).as(name + ": --parallelism = job.parallelism")
                    .isEqualTo(job.getParallelism());
        }
        OptionSpec checkpoints = command.commandSpec().findOption("--checkpoint-dir");
        if (checkpoints != null) {
            assertThat((String) checkpoints.getValue()).as(name + ": --checkpoint-dir")
                    .isEqualTo(conf.get("execution.checkpointing.dir"));
        }
        for (String arg : job.getArgs()) {
            if (arg.startsWith("file://")) {
                assertThat(mounts.underVolume(arg.substring("file://".length()))).as(name + ": " + arg).isTrue();
            } else if (arg.startsWith("/")) {
                checkPath(name, arg, mounts, world);
            }
        }
        OptionSpec alphas = command.commandSpec().findOption("--alphas");
        if (alphas != null && alphas.getValue() != null) {
            String text = configMapFile(mounts, world, alphas.getValue().toString()).orElseThrow(
                    () -> new AssertionError(name + ": --alphas is not a ConfigMap file"));
            OptionSpec retained = command.commandSpec().findOption("--retained-bars");
            OptionSpec fields = command.commandSpec().findOption("--fields");
            @SuppressWarnings("unchecked")
            List<String> extra = fields == null || fields.getValue() == null ? List.of() : (List<String>) fields.getValue();
            int bars = retained == null ? Integer.MAX_VALUE : (Integer) retained.getValue();
            assertThat(checkAlphas(alphas.getValue().toString(), text, Set.copyOf(extra), bars)).isNotEmpty();
        }
    }

    /** An absolute path on the command line is in the image (the Dockerfile copies it) or on a volume. */
    private static void checkPath(String name, String arg, Mounts mounts, World world) {
        if (configMapFile(mounts, world, arg).isPresent() || mounts.underVolume(arg)) {
            return;
        }
        for (Map.Entry<Path, Path> copy : world.copies().entrySet()) {
            Path image = Path.of(arg);
            if (image.startsWith(copy.getKey())) {
                Path source = REPO.resolve(copy.getValue()).resolve(copy.getKey().relativize(image).toString());
                assertThat(source).as(name + ": " + arg + " comes from").exists();
                return;
            }
        }
        throw new AssertionError(name + ": " + arg + " is neither in the image nor on a volume");
    }

    private static void entryClassExists(String name, JobSpec job) {
        try {
            Class.forName(job.getEntryClass(), false, ManifestsTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name + ": no entry class " + job.getEntryClass(), e);
        }
        assertThat(job.getJarURI()).startsWith("local:///");
        Path inImage = Path.of(job.getJarURI().substring("local://".length()));
        Map<Path, Path> copies = dockerfileCopies();
        assertThat(copies).as(name + ": the Dockerfile copies the jar to " + inImage).containsKey(inImage);
        Path jar = REPO.resolve(copies.get(inImage));
        assertThat(jar.getFileName()).isEqualTo(inImage.getFileName());
        if (Files.isRegularFile(jar) && !olderThanSources(jar)) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                assertThat(zip.getEntry(job.getEntryClass().replace('.', '/') + ".class"))
                        .as(name + ": " + job.getEntryClass() + " in " + jar).isNotNull();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void checkTopics(List<Doc> topics) {
        Set<String> names = new HashSet<>();
        for (Doc t : topics) {
            assertThat(t.node().path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(t.node().path("metadata").path("labels").path("strimzi.io/cluster").asText())
                    .as(t.name() + ": the cluster the stream job's --bootstrap names").isEqualTo("quarry");
            JsonNode spec = t.node().path("spec");
            assertThat(spec.path("partitions").asInt()).as(t.name()).isGreaterThanOrEqualTo(1);
            assertThat(spec.path("config").path("min.insync.replicas").asInt())
                    .as(t.name() + ": min.insync.replicas <= replicas").isBetween(1, spec.path("replicas").asInt());
            names.add(topicName(t));
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(Topics.withPrefix("quarry").all());
    }

    private static List<CheckedAlpha> checkAlphas(String name, String text, Set<String> extra, int retainedBars) {
        CheckedFile file = new Checker(Limits.DEFAULT, extra).check(new Source(name, text));
        assertThat(file.errors()).as(name).isEmpty();
        for (CheckedAlpha a : file.alphas()) {
            assertThat(Streamable.problem(a, extra, retainedBars)).as(name + ": " + a.name()).isEmpty();
        }
        return file.alphas();
    }

    // ---- reading

    private record Mounts(Map<String, String> configMaps, Set<String> volumes) {
        /** Whether the path lies under a mount of a persistent volume. */
        boolean underVolume(String path) {
            return volumes.stream().anyMatch(v -> Path.of(path).startsWith(v) && !Path.of(path).equals(Path.of(v)));
        }
    }

    /** The main container's mounts: ConfigMap mount path to ConfigMap name, and the PVC mount paths. */
    private static Mounts mounts(String name, PodTemplateSpec template) {
        assertThat(template).as(name + ": podTemplate").isNotNull();
        assertThat(template.getAdditionalProperties()).as(name + ": podTemplate").isEmpty();
        assertThat(template.getSpec().getAdditionalProperties()).as(name + ": podTemplate.spec").isEmpty();
        Map<String, Volume> volumes = new HashMap<>();
        for (Volume v : template.getSpec().getVolumes()) {
            assertThat(v.getAdditionalProperties()).as(name + ": volume " + v.getName()).isEmpty();
            volumes.put(v.getName(), v);
        }
        Container main = template.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("flink-main-container")).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no flink-main-container in the podTemplate"));
        assertThat(main.getAdditionalProperties()).as(name + ": container").isEmpty();
        Map<String, String> configMaps = new HashMap<>();
        Set<String> pvcs = new HashSet<>();
        for (VolumeMount m : main.getVolumeMounts()) {
            assertThat(m.getAdditionalProperties()).as(name + ": mount " + m.getName()).isEmpty();
            Volume v = volumes.get(m.getName());
            assertThat(v).as(name + ": volume of mount " + m.getName()).isNotNull();
            if (v.getConfigMap() != null) {
                configMaps.put(m.getMountPath(), v.getConfigMap().getName());
            } else {
                assertThat(v.getPersistentVolumeClaim()).as(name + ": volume " + v.getName()).isNotNull();
                pvcs.add(m.getMountPath());
            }
        }
        return new Mounts(configMaps, pvcs);
    }

    private static Optional<String> configMapFile(Mounts mounts, World world, String path) {
        Path p = Path.of(path);
        for (Map.Entry<String, String> m : mounts.configMaps().entrySet()) {
            Path dir = Path.of(m.getKey());
            if (p.getParent() != null && p.getParent().equals(dir)) {
                String text = world.configMaps().getOrDefault(m.getValue(), Map.of()).get(p.getFileName().toString());
                assertThat(text).as(path + " in ConfigMap " + m.getValue()).isNotNull();
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    private static FlinkDeployment strict(Doc d) {
        try {
            return YAML.treeToValue(d.node(), FlinkDeployment.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(d.file() + ": " + d.name() + ": " + e.getMessage(), e);
        }
    }

    private static String topicName(Doc t) {
        String topicName = t.node().path("spec").path("topicName").asText();
        return topicName.isEmpty() ? t.name() : topicName;
    }

    /** The Dockerfile's COPY instructions: destination in the image to source in the repository. */
    private static Map<Path, Path> dockerfileCopies() {
        Map<Path, Path> copies = new HashMap<>();
        try {
            for (String line : Files.readAllLines(K8S.resolve("Dockerfile"))) {
                String[] words = line.trim().split("\\s+");
                if (words[0].equals("COPY")) {
                    List<String> operands = Stream.of(words).skip(1).filter(w -> !w.startsWith("--")).toList();
                    assertThat(operands).as(line).hasSize(2);
                    assertThat(REPO.resolve(operands.get(0)).getParent()).as(line).exists();
                    copies.put(Path.of(operands.get(1)), Path.of(operands.get(0)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copies;
    }

    /** The ConfigMaps a kustomization generates: name to file name to text. */
    private static Map<String, Map<String, String>> generatedConfigMaps(Path dir) throws IOException {
        Map<String, Map<String, String>> maps = new HashMap<>();
        JsonNode k = parse(dir.resolve("kustomization.yaml"), Files.readString(dir.resolve("kustomization.yaml"))).get(0);
        for (JsonNode g : k.path("configMapGenerator")) {
            Map<String, String> files = new LinkedHashMap<>();
            for (JsonNode f : g.path("files")) {
                String entry = f.asText();
                Path file = dir.resolve(fileOfEntry(entry));
                String key = entry.contains("=") ? entry.substring(0, entry.indexOf('=')) : file.getFileName().toString();
                files.put(key, Files.readString(file));
            }
            maps.put(g.path("name").asText(), files);
        }
        return maps;
    }

    /** {@code KEY=PATH} or {@code PATH}. */
    private static String fileOfEntry(String entry) {
        return entry.contains("=") ? entry.substring(entry.indexOf('=') + 1) : entry;
    }

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
    }

    private static List<Doc> fileDocs() throws IOException {
        return fileDocs(K8S);
    }

    private static List<Doc> fileDocs(Path dir) throws IOException {
        List<Doc> docs = new ArrayList<>();
        for (Path f : yamlFiles()) {
            if (f.startsWith(dir) && !f.getFileName().toString().equals("kustomization.yaml")) {
                parse(f, Files.readString(f)).stream().filter(JsonNode::isObject).forEach(n -> docs.add(new Doc(f, n)));
            }
        }
        return docs;
    }

    private static List<JsonNode> parse(Path file, String text) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(text)) {
            while (parser.nextToken() != null) {
                JsonNode n = YAML.readTree(parser);
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    docs.add(n);
                }
            }
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return docs;
    }

    private static List<Doc> render(Path kubectl, Path dir) throws Exception {
        Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl kustomize " + dir).isZero();
        return parse(dir, out).stream().map(n -> new Doc(dir, n)).toList();
    }

    /** Whether a jar predates some main source of this module (then it may lack new classes). */
    private static boolean olderThanSources(Path jar) {
        try (Stream<Path> sources = Files.walk(REPO.resolve("jobs/src/main/java"))) {
            long built = Files.getLastModifiedTime(jar).toMillis();
            return sources.filter(Files::isRegularFile).anyMatch(s -> s.toFile().lastModified() > built);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        return path == null ? Optional.empty() : Stream.of(path.split(File.pathSeparator))
                .map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
    }
}
