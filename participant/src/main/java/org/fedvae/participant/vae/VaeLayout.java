package org.fedvae.participant.vae;

import java.util.List;
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

    private VaeLayout() {}

    /** The model spec (tensor names and shapes in flat-vector order) for these sizes. */
    public static ModelSpec spec(VaeConfig c) {
        int in = c.inputSize();
        int hid = c.hiddenSize();
        int lat = c.latentSize();
        return new ModelSpec(List.of(
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
    }

    /** Number of parameters: 652,824 for the reference 784-400-20 model. */
    public static int parameterCount(VaeConfig c) {
        return spec(c).totalSize();
    }
}
