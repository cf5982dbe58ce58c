package io.fleetbreaker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetbreaker.Rejection;
import io.fleetbreaker.bench.HotPathBenchmark.Subject;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs every benchmark briefly ({@link Mode#SMOKE}) and every JMH subject's set-up and benchmark methods once, to
 * prove that they run and produce numbers. No timing is asserted: figures depend on the machine.
 */
class BenchSmokeTest {

    @ParameterizedTest
    @EnumSource(Subject.class)
    void hotPathSubject_setUpAndOneCallEach_answersClosedAndOpen(Subject subject) {
        HotPathBenchmark bench = new HotPathBenchmark();
        bench.subject = subject;
        bench.setUp();
        try {
            for (int i = 0; i < 1000; i++) {
                assertThat(bench.closedAcquireAndSucceed()).isNotNull();
            }
            Object rejected = bench.openRejected();
            if (subject.name().startsWith("FLEETBREAKER")) {
                assertThat(rejected).isInstanceOf(Rejection.class);
            } else {
                assertThat(rejected).isEqualTo(false);
            }
        } finally {
            bench.tearDown();
        }
    }

    @Test
    void storeTrafficScenario_smoke_producesNumbers() {
        assertProducesNumbers(() -> new StoreTrafficScenario().run(Mode.SMOKE), 2);
    }

    @Test
    void idleFleetScenario_smoke_producesNumbers() {
        assertProducesNumbers(() -> new IdleFleetScenario().run(Mode.SMOKE), 2);
    }

    @Test
    void propagationScenario_smoke_producesNumbers() {
        assertProducesNumbers(() -> new PropagationScenario().run(Mode.SMOKE), 1);
    }

    @Test
    void herdScenario_smoke_producesNumbers() {
        assertProducesNumbers(() -> new HerdScenario().run(Mode.SMOKE), 2);
    }

    @Test
    void table_ofFigures_hasOneRowEach() throws Exception {
        String table = BenchMain.table(Mode.SMOKE, List.of(Figure.of("a", "≤ 1", "0.5", "-", "0.50", true),
                Figure.of("b", "≤ 1", "2", "-", "2.00", false).withNote("why")), 1);
        assertThat(table).contains("| a | ≤ 1 | 0.5 | - | 0.50 | yes |", "| b | ≤ 1 | 2 | - | 2.00 | **no** |",
                "- b: why");
    }

    private static void assertProducesNumbers(Supplier<List<Figure>> scenario, int rows) {
        List<Figure> figures = scenario.get();
        assertThat(figures).hasSize(rows);
        for (Figure f : figures) {
            String number = f.measured().split(" ")[0];
            assertThat(Double.parseDouble(number)).as(f.name()).isNotNaN();
        }
    }
}
