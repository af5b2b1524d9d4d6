package org.fedvae.participant.vae;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fedvae.protocol.model.ModelSpec;
import org.fedvae.protocol.model.TensorSpec;

/**
 * The VAE's tensors, their names and their order in the flat parameter vector. This order is a
 * wire contract (every participant and the coordinator must agree on it), so never reorder it.
 *
 * <p>Weights are stored as [out, in] in row-major order, like PyTorch's {@code nn.Linear}, so a
 * layer computes {@code y = x W^T + b}; biases are [out].
 *
 * <pre>
 *  0 enc.fc1.weight    [hidden, input]
 *  1 enc.fc1.bias      [hidden]
 *  2 enc.mu.weight     [latent, hidden]
 *  3 enc.mu.bias       [latent]
 *  4 enc.logvar.weight [latent, hidden]
 *  5 enc.logvar.bias   [latent]
 *  6 dec.fc1.weight    [hidden, latent]
 *  7 dec.fc1.bias      [hidden]
 *  8 dec.out.weight    [input, hidden]
 *  9 dec.out.bias      [input]
 * </pre>
 *
 * <p>The conditional VAE (cvae, {@link VaeConfig#labelCount()} = classes > 0) has two more tensors
 * after these ten, so its first ten keep their names, shapes and offsets:
 *
 * <pre>
 * 10 enc.fc1.label_weight [hidden, classes]
 * 11 dec.fc1.label_weight [hidden, classes]
 * </pre>
 *
 * A layer over the concatenation [x, onehot(y)] computes {@code x W^T + onehot(y) L^T + b} with
 * its [hidden, input + classes] weight split column-wise into W and L; the cvae stores L as its
 * own tensor. So the model kind and its label count are part of the spec (the label tensors and
 * their shape): the coordinator, which averages named tensors, needs nothing new.
 */
public final class VaeLayout {

    public static final String ENC_FC1_WEIGHT = "enc.fc1.weight";
    public static final String ENC_FC1_BIAS = "enc.fc1.bias";
    public static final String ENC_MU_WEIGHT = "enc.mu.weight";
    public static final String ENC_MU_BIAS = "enc.mu.bias";
    public static final String ENC_LOGVAR_WEIGHT = "enc.logvar.weight";
    public static final String ENC_LOGVAR_BIAS = "enc.logvar.bias";
    public static final String DEC_FC1_WEIGHT = "dec.fc1.weight";
    public static final String DEC_FC1_BIAS = "dec.fc1.bias";
    public static final String DEC_OUT_WEIGHT = "dec.out.weight";
    public static final String DEC_OUT_BIAS = "dec.out.bias";
    public static final String ENC_FC1_LABEL_WEIGHT = "enc.fc1.label_weight";
    public static final String DEC_FC1_LABEL_WEIGHT = "dec.fc1.label_weight";

    private VaeLayout() {}

    /** The model spec (tensor names and shapes in flat-vector order) for these sizes. */
    public static ModelSpec spec(VaeConfig c) {
        int in = c.inputSize();
        int hid = c.hiddenSize();
        int lat = c.latentSize();
        List<TensorSpec> tensors = new ArrayList<>(List.of(
                new TensorSpec(ENC_FC1_WEIGHT, new int[] {hid, in}),
                new TensorSpec(ENC_FC1_BIAS, new int[] {hid}),
                new TensorSpec(ENC_MU_WEIGHT, new int[] {lat, hid}),
                new TensorSpec(ENC_MU_BIAS, new int[] {lat}),
                new TensorSpec(ENC_LOGVAR_WEIGHT, new int[] {lat, hid}),
                new TensorSpec(ENC_LOGVAR_BIAS, new int[] {lat}),
                new TensorSpec(DEC_FC1_WEIGHT, new int[] {hid, lat}),
                new TensorSpec(DEC_FC1_BIAS, new int[] {hid}),
                new TensorSpec(DEC_OUT_WEIGHT, new int[] {in, hid}),
                new TensorSpec(DEC_OUT_BIAS, new int[] {in})));
        if (c.conditional()) {
            tensors.add(new TensorSpec(ENC_FC1_LABEL_WEIGHT, new int[] {hid, c.labelCount()}));
            tensors.add(new TensorSpec(DEC_FC1_LABEL_WEIGHT, new int[] {hid, c.labelCount()}));
        }
        return new ModelSpec(tensors);
    }

    /** The number of classes a spec's model is conditioned on: 0 for the plain VAE. */
    public static int labelCount(ModelSpec spec) {
        for (TensorSpec t : spec.tensors()) {
            if (t.name().equals(ENC_FC1_LABEL_WEIGHT) && t.shape().length == 2) {
                return t.shape()[1];
            }
        }
        return 0;
    }

    /**
     * The sizes and kind of the VAE or cvae a spec describes (other settings: the defaults),
     * read off its tensor shapes; IllegalArgumentException if the spec is neither.
     */
    public static VaeConfig configOf(ModelSpec spec) {
        try {
            VaeConfig c = new VaeConfig(
                    spec.tensor(DEC_OUT_WEIGHT).shape()[0],
                    spec.tensor(ENC_FC1_WEIGHT).shape()[0],
                    spec.tensor(ENC_MU_WEIGHT).shape()[0],
                    1.0,
                    VaeConfig.DEFAULT_LEARNING_RATE,
                    VaeConfig.DEFAULT_BATCH,
                    0,
                    labelCount(spec));
            if (spec(c).equals(spec)) {
                return c;
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            // not even the VAE's tensor names and ranks: same answer
        }
        throw new IllegalArgumentException("not a FedVAE model (the VAE or its conditional variant, cvae): " + spec);
    }

    /** "cvae (10 classes)" or "vae": the model kind a spec describes, for messages. */
    public static String kind(ModelSpec spec) {
        int labels = labelCount(spec);
        return labels > 0 ? "cvae (" + labels + " classes)" : "vae";
    }

    /**
     * The fan-in of the layer a tensor belongs to (its name up to the last dot), counting the
     * label columns of a conditioned layer: what PyTorch's nn.Linear initialisation bounds by.
     */
    static int layerFanIn(ModelSpec spec, String tensorName) {
        String layer = tensorName.substring(0, tensorName.lastIndexOf('.'));
        int fanIn = spec.tensor(layer + ".weight").shape()[1];
        for (TensorSpec t : spec.tensors()) {
            if (t.name().equals(layer + ".label_weight")) {
                fanIn += t.shape()[1];
            }
        }
        return fanIn;
    }

    /** Number of parameters: 652,824 for the reference 784-400-20 model. */
    public static int parameterCount(VaeConfig c) {
        return spec(c).totalSize();
    }

    /**
     * Like PyTorch's nn.Linear: weights and biases uniform in +-1/sqrt(fan_in) of their layer
     * (a cvae layer's fan-in counts its label columns, as nn.Linear over the concatenation would).
     */
    static float[] initialValues(ModelSpec spec, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] values = new float[spec.totalSize()];
        int pos = 0;
        for (TensorSpec t : spec.tensors()) {
            double bound = 1.0 / Math.sqrt(VaeLayout.layerFanIn(spec, t.name()));
            for (int i = 0; i < t.size(); i++) {
                values[pos++] = (float) ((2.0 * rng.nextDouble() - 1.0) * bound);
            }
        }
        return values;
    }
}
