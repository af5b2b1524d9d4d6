package org.fedvae.simulations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The bare jar is {@code run}, with or without options. */
class SimulationsMainTest {

    @Test
    void optionsWithoutACommandGoToRun() {
        assertArrayEquals(new String[] {"run"}, SimulationsMain.withDefaultCommand(new String[0]));
        assertArrayEquals(
                new String[] {"run", "--rounds", "3"},
                SimulationsMain.withDefaultCommand(new String[] {"--rounds", "3"}));
        assertArrayEquals(
                new String[] {"centralized", "--epochs", "1"},
                SimulationsMain.withDefaultCommand(new String[] {"centralized", "--epochs", "1"}));
        assertArrayEquals(new String[] {"--help"}, SimulationsMain.withDefaultCommand(new String[] {"--help"}));
        assertArrayEquals(new String[] {"-V"}, SimulationsMain.withDefaultCommand(new String[] {"-V"}));
    }
}
