package org.fedvae.participant.vae;

import java.util.Objects;
import java.util.SplittableRandom;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.model.ModelSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The seed's reference VAE (see {@link VaeLayout} for the tensors) with its Adam optimizer, in
 * ND4J. Training minimises, per batch, the MEAN over the batch of the per-image loss
 * (BCE summed over pixels + beta * KL); all reported losses are per image, in nats.
 *
 * <p>Reproducible: the same config, data and seeds give bit-identical parameters and losses
 * (on the same number of native threads; see {@code NativeThreads}). Not thread-safe: use one
 * instance per thread. Several instances may train on different threads at once.
 */
public final class Vae {

    /** Noise seed of {@link #evaluate(ImageSet)}: fixed, so one model on one data set gives one number. */
    public static final long EVAL_SEED = 0x5EEDL;

    private static final String WORKSPACE_ID = "fedvae-vae-step";
    // Sized on the first step; later steps reuse that memory for the few temporaries (scalars).
    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyAllocation(AllocationPolicy.STRICT)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private final VaeConfig config;
    private final DataType dataType;
    private final ModelSpec spec;
    private final VaeTensors params;
    private final VaeTensors grads;
    private final Adam adam;
    private final VaeBatchPass fullPass;
    private VaeBatchPass oddPass; // the last pass used for a batch of another size
    private VaeBatchPass widePass; // DP-SGD's Poisson batches: views on its first rows
    private INDArray noiseScratch; // DP-SGD's gradient noise, one value per parameter
    private final float[] batchStaging;
    private final int[] labelStaging; // a batch's labels (cvae)
    private VaeDecoder decoder; // made on first use: most sites never draw a picture

    /** A fresh model, initialised like PyTorch's nn.Linear from {@code config.seed()}; FLOAT. */
    public Vae(VaeConfig config) {
        this(config, DataType.FLOAT);
    }

    /** A fresh model in the given data type (FLOAT to train; DOUBLE for gradient checks). */
    public Vae(VaeConfig config, DataType dataType) {
        this.config = Objects.requireNonNull(config, "config");
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("data type must be FLOAT or DOUBLE: " + dataType);
        }
        this.dataType = dataType;
        this.spec = VaeLayout.spec(config);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            params = new VaeTensors(spec, dataType);
            grads = new VaeTensors(spec, dataType);
            adam = new Adam(params.flat, config.learningRate());
            fullPass = new VaeBatchPass(config, dataType, config.batchSize());
        }
        batchStaging = new float[config.batchSize() * config.inputSize()];
        labelStaging = new int[config.batchSize()];
        float[] init = VaeLayout.initialValues(spec, config.seed());
        NdCopy.load(init, init.length, params.flat);
    }

    /** A model holding {@code initial} (whose spec must match the config's sizes); FLOAT. */
    public Vae(VaeConfig config, ModelParameters initial) {
        this(config, DataType.FLOAT);
        setParameters(initial);
    }

    public VaeConfig config() {
        return config;
    }

    /** The tensor names, shapes and order of this model's parameters. */
    public ModelSpec spec() {
        return spec;
    }

    /** A copy of the current parameters. */
    public ModelParameters parameters() {
        float[] values = new float[spec.totalSize()];
        NdCopy.store(params.flat, values, values.length);
        return ModelParameters.of(spec, values);
    }

    /** Replaces every parameter; the optimizer state is kept (see {@link #resetOptimizer()}). */
    public void setParameters(ModelParameters p) {
        if (!p.spec().equals(spec)) {
            throw new IllegalArgumentException("model " + p.spec() + " does not fit this VAE " + spec);
        }
        float[] values = new float[spec.totalSize()];
        p.copyInto(values);
        NdCopy.load(values, values.length, params.flat);
    }

    /** Forgets Adam's moments and step count, like constructing a new torch.optim.Adam. */
    public void resetOptimizer() {
        adam.reset();
    }

    /** Optimizer steps taken since construction or the last {@link #resetOptimizer()}. */
    public int optimizerSteps() {
        return adam.steps();
    }

    /** {@link #trainEpoch(ImageSet, long, TrainingProgress)} without progress reports. */
    public EpochStats trainEpoch(ImageSet images, long seed) {
        return trainEpoch(images, seed, TrainingProgress.NONE);
    }

    /**
     * One pass over {@code images} in an order shuffled by {@code seed}, one Adam step per batch
     * of {@code batchSize} (the last batch may be smaller). The seed also draws the noise.
     */
    public EpochStats trainEpoch(ImageSet images, long seed, TrainingProgress progress) {
        checkImages(images);
        Objects.requireNonNull(progress, "progress");
        int n = images.size();
        int batch = config.batchSize();
        int batches = (n + batch - 1) / batch;
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = shuffledOrder(n, rng);
        double lossSum = 0;
        for (int b = 0; b < batches; b++) {
            int from = b * batch;
            int count = Math.min(batch, n - from);
            VaeBatchPass pass = pass(count);
            images.copyBatch(order, from, count, batchStaging);
            try (MemoryWorkspace ignored =
                    Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
                pass.loadImages(batchStaging);
                loadLabels(pass, images, order, from);
                pass.drawNoise(rng);
                pass.forward(params);
                lossSum += pass.lossSum();
                pass.backward(params, grads, 1.0 / count);
                adam.step(params.flat, grads.flat);
            }
            progress.batchDone(b + 1, batches);
        }
        return new EpochStats(n == 0 ? Double.NaN : lossSum / n, n, batches);
    }

    /** Mean per-image loss (BCE + beta * KL) over {@code images}, noise from {@link #EVAL_SEED}. */
    public double evaluate(ImageSet images) {
        return evaluate(images, EVAL_SEED);
    }

    /** Mean per-image loss (BCE + beta * KL, z sampled with noise from {@code seed}); NaN if empty. */
    public double evaluate(ImageSet images, long seed) {
        checkImages(images);
        int n = images.size();
        int batch = config.batchSize();
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = identity(n);
        double lossSum = 0;
        for (int from = 0; from < n; from += batch) {
            int count = Math.min(batch, n - from);
            VaeBatchPass pass = pass(count);
            images.copyBatch(order, from, count, batchStaging);
            try (MemoryWorkspace ignored =
                    Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
                pass.loadImages(batchStaging);
                loadLabels(pass, images, order, from);
                pass.drawNoise(rng);
                pass.forward(params);
                lossSum += pass.lossSum();
            }
        }
        return n == 0 ? Double.NaN : lossSum / n;
    }

    /**
     * Decodes latent vectors ({@code z.length} a multiple of latentSize, one vector after
     * another) into images: the decoder's sigmoid outputs, inputSize values in [0, 1] each.
     */
    public float[] decode(float[] z) {
        if (config.conditional()) {
            throw new IllegalArgumentException("a conditional VAE decodes given a label per image");
        }
        return decode(z, null);
    }

    /**
     * {@link #decode(float[])} for the conditional VAE: image i is decoded as class
     * {@code labels[i]} (one label per latent vector; null for the plain VAE).
     */
    public float[] decode(float[] z, int[] labels) {
        return decoder().decode(z, labels);
    }

    /**
     * Reconstructs images ({@code pixels.length} a multiple of inputSize): encodes each to its
     * mean latent (no sampling, so the result is deterministic) and decodes it.
     */
    public float[] reconstruct(float[] pixels) {
        if (config.conditional()) {
            throw new IllegalArgumentException("a conditional VAE reconstructs given a label per image");
        }
        return reconstruct(pixels, null);
    }

    /** {@link #reconstruct(float[])} given each image's label (conditional VAE; null for the plain VAE). */
    public float[] reconstruct(float[] pixels, int[] labels) {
        return decoder().reconstruct(pixels, labels);
    }

    private VaeDecoder decoder() {
        if (decoder == null) {
            decoder = new VaeDecoder(this);
        }
        return decoder;
    }

    // package-private access for the gradient check and tests
    VaeTensors tensors() {
        return params;
    }

    VaeTensors gradients() {
        return grads;
    }

    DataType dataType() {
        return dataType;
    }

    Adam optimizer() {
        return adam;
    }

    /**
     * A pass for a batch of {@code rows} whose size changes every step: views on one wide pass,
     * which grows (allocated outside workspaces) only when a batch does not fit it.
     */
    VaeBatchPass variablePass(int rows, int typicalCapacity) {
        if (widePass == null || widePass.rows < rows) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                widePass = new VaeBatchPass(config, dataType, Math.max(rows, typicalCapacity));
            }
        }
        return widePass.firstRows(rows);
    }

    /** A detached vector shaped like the parameters, for DP-SGD's noise. */
    INDArray noiseScratch() {
        if (noiseScratch == null) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                noiseScratch = Nd4j.zeros(dataType, spec.totalSize());
            }
        }
        return noiseScratch;
    }

    /** Runs {@code step} inside the training workspace (its temporaries reuse one block of memory). */
    void inWorkspace(Runnable step) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
            step.run();
        }
    }

    /** The pass for a batch of {@code rows}; allocates (outside workspaces) for a new odd size. */
    VaeBatchPass pass(int rows) {
        if (rows == fullPass.rows) {
            return fullPass;
        }
        if (oddPass == null || oddPass.rows != rows) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                oddPass = new VaeBatchPass(config, dataType, rows);
            }
        }
        return oddPass;
    }

    private void checkImages(ImageSet images) {
        if (images.imageSize() != config.inputSize()) {
            throw new IllegalArgumentException(
                    "images have " + images.imageSize() + " pixels, the model expects " + config.inputSize());
        }
        if (config.conditional()) {
            LabelCheck.require(images, config.labelCount());
        }
    }

    /** The cvae's labels of the batch at {@code order[from, from + pass.rows)}; nothing for the plain VAE. */
    private void loadLabels(VaeBatchPass pass, ImageSet images, int[] order, int from) {
        if (config.conditional()) {
            images.copyLabels(order, from, pass.rows, labelStaging);
            pass.loadLabels(labelStaging);
        }
    }

    private static int[] shuffledOrder(int n, SplittableRandom rng) {
        int[] order = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }
}
