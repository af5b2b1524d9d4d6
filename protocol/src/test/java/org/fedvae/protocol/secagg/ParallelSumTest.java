package org.fedvae.protocol.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

class ParallelSumTest {

    /** The sum of every job's additions, mod 2^32, whichever worker ran which job; the target's content is kept. */
    @RepeatedTest(20)
    void sumsEveryJobExactlyOnce(RepetitionInfo info) {
        long seed = info.getCurrentRepetition();
        Random r = new Random(seed);
        int length = 1 + r.nextInt(5_000);
        int[] target = new int[length];
        int[] expected = new int[length];
        for (int i = 0; i < length; i++) {
            target[i] = r.nextInt();
            expected[i] = target[i];
        }
        List<ParallelSum.Job> jobs = new ArrayList<>();
        int count = r.nextInt(40);
        for (int j = 0; j < count; j++) {
            int[] add = r.ints(length).toArray();
            for (int i = 0; i < length; i++) {
                expected[i] += add[i];
            }
            jobs.add(acc -> {
                for (int i = 0; i < acc.length; i++) {
                    acc[i] += add[i];
                }
            });
        }
        try {
            ParallelSum.run(jobs, target);
        } catch (SecAggViolation e) {
            throw new AssertionError("seed " + seed, e);
        }
        assertArrayEquals(expected, target, "seed " + seed);
    }

    /** When several jobs fail, the failure of the first in list order is thrown, every time. */
    @RepeatedTest(20)
    void theFirstFailingJobInListOrderIsReported(RepetitionInfo info) {
        Random r = new Random(info.getCurrentRepetition());
        int count = 2 + r.nextInt(30);
        int first = r.nextInt(count);
        List<ParallelSum.Job> jobs = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            boolean fails = j == first || j > first && r.nextBoolean();
            String name = "job " + j;
            jobs.add(acc -> {
                if (fails) {
                    throw new SecAggViolation(SecAggAbortReason.RECONSTRUCTION_FAILED, name);
                }
            });
        }
        SecAggViolation e = assertThrows(SecAggViolation.class, () -> ParallelSum.run(jobs, new int[3]));
        assertEquals("job " + first, e.detail());
    }
}
