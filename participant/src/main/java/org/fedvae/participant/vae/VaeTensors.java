package org.fedvae.participant.vae;

import org.fedvae.protocol.model.ModelSpec;
import org.fedvae.protocol.model.TensorSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One flat vector in {@link VaeLayout} order with a view per tensor. Used for the parameters and,
 * with the same layout, for their gradients, so Adam and conversions work on {@link #flat} alone.
 * Weight views are [out, in]; bias views are row vectors [1, out] so they broadcast over a batch
 * and can be the output of a gemm. Every view shares the flat vector's memory.
 */
final class VaeTensors {

    final INDArray flat;
    final INDArray encFc1W;
    final INDArray encFc1B;
    final INDArray encMuW;
    final INDArray encMuB;
    final INDArray encLogvarW;
    final INDArray encLogvarB;
    final INDArray decFc1W;
    final INDArray decFc1B;
    final INDArray decOutW;
    final INDArray decOutB;
    // the cvae's label columns of enc.fc1 and dec.fc1 ([hidden, classes]); null in the plain VAE
    final INDArray encFc1Label;
    final INDArray decFc1Label;

    /** Allocates a zeroed vector; call outside any workspace (the caller ensures it). */
    VaeTensors(ModelSpec spec, DataType type) {
        flat = Nd4j.zeros(type, spec.totalSize());
        encFc1W = view(spec, VaeLayout.ENC_FC1_WEIGHT, type);
        encFc1B = view(spec, VaeLayout.ENC_FC1_BIAS, type);
        encMuW = view(spec, VaeLayout.ENC_MU_WEIGHT, type);
        encMuB = view(spec, VaeLayout.ENC_MU_BIAS, type);
        encLogvarW = view(spec, VaeLayout.ENC_LOGVAR_WEIGHT, type);
        encLogvarB = view(spec, VaeLayout.ENC_LOGVAR_BIAS, type);
        decFc1W = view(spec, VaeLayout.DEC_FC1_WEIGHT, type);
        decFc1B = view(spec, VaeLayout.DEC_FC1_BIAS, type);
        decOutW = view(spec, VaeLayout.DEC_OUT_WEIGHT, type);
        decOutB = view(spec, VaeLayout.DEC_OUT_BIAS, type);
        boolean conditional = VaeLayout.labelCount(spec) > 0;
        encFc1Label = conditional ? view(spec, VaeLayout.ENC_FC1_LABEL_WEIGHT, type) : null;
        decFc1Label = conditional ? view(spec, VaeLayout.DEC_FC1_LABEL_WEIGHT, type) : null;
    }

    private INDArray view(ModelSpec spec, String name, DataType type) {
        TensorSpec t = spec.tensor(name);
        int[] shape = t.shape();
        long rows = shape.length == 2 ? shape[0] : 1;
        long cols = shape.length == 2 ? shape[1] : shape[0];
        return Nd4j.create(flat.data(), new long[] {rows, cols}, new long[] {cols, 1}, spec.offsetOf(name), 'c', type);
    }

    /** All views in {@link VaeLayout} order (for tests and diagnostics). */
    INDArray[] views() {
        INDArray[] plain = {encFc1W, encFc1B, encMuW, encMuB, encLogvarW, encLogvarB, decFc1W, decFc1B, decOutW, decOutB
        };
        if (encFc1Label == null) {
            return plain;
        }
        INDArray[] all = java.util.Arrays.copyOf(plain, plain.length + 2);
        all[plain.length] = encFc1Label;
        all[plain.length + 1] = decFc1Label;
        return all;
    }
}
