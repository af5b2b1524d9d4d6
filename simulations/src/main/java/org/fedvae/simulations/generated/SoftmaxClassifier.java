package org.fedvae.simulations.generated;

import java.util.SplittableRandom;
import org.fedvae.participant.data.ImageSet;

/**
 * Multinomial logistic regression (softmax over {@code classes} of a linear map of the pixels),
 * trained by minibatch SGD with a step size that decays per epoch. A simple, fixed judge of
 * generated images: trained on real images, it says which class an image looks like.
 * Deterministic for a seed; plain Java (small enough: 784 x 10 weights).
 */
public final class SoftmaxClassifier {

    private final int inputs;
    private final int classes;
    private final double[] weights; // [classes, inputs]
    private final double[] bias;

    private SoftmaxClassifier(int inputs, int classes) {
        this.inputs = inputs;
        this.classes = classes;
        this.weights = new double[classes * inputs];
        this.bias = new double[classes];
    }

    /** Trains on every labelled image of {@code train} (labels in [0, classes)). */
    public static SoftmaxClassifier train(ImageSet train, int classes, int epochs, long seed) {
        SoftmaxClassifier c = new SoftmaxClassifier(train.imageSize(), classes);
        int n = train.size();
        int batch = 100;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        float[] px = new float[c.inputs];
        double[] p = new double[classes];
        double[] gradW = new double[c.weights.length];
        double[] gradB = new double[classes];
        for (int epoch = 0; epoch < epochs; epoch++) {
            double rate = 0.5 / (1 + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < n; from += batch) {
                int count = Math.min(batch, n - from);
                java.util.Arrays.fill(gradW, 0);
                java.util.Arrays.fill(gradB, 0);
                for (int k = 0; k < count; k++) {
                    int image = order[from + k];
                    train.copyImage(image, px, 0);
                    c.probabilities(px, p);
                    p[train.label(image)] -= 1; // d(cross-entropy)/d(logits)
                    for (int cl = 0; cl < classes; cl++) {
                        gradB[cl] += p[cl];
                        int row = cl * c.inputs;
                        for (int x = 0; x < c.inputs; x++) {
                            gradW[row + x] += p[cl] * px[x];
                        }
                    }
                }
                double step = rate / count;
                for (int w = 0; w < gradW.length; w++) {
                    c.weights[w] -= step * gradW[w];
                }
                for (int cl = 0; cl < classes; cl++) {
                    c.bias[cl] -= step * gradB[cl];
                }
            }
        }
        return c;
    }

    /** The most probable class of an image (inputs pixels at {@code pixels[offset..]}). */
    public int classify(float[] pixels, int offset) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int cl = 0; cl < classes; cl++) {
            double s = bias[cl];
            int row = cl * inputs;
            for (int x = 0; x < inputs; x++) {
                s += weights[row + x] * pixels[offset + x];
            }
            if (s > bestScore) {
                bestScore = s;
                best = cl;
            }
        }
        return best;
    }

    /** Per class k: the share of the images labelled k that are classified as k (NaN for an absent class). */
    public double[] perClassAccuracy(ImageSet images) {
        float[] px = new float[inputs];
        int[] right = new int[classes];
        int[] total = new int[classes];
        for (int i = 0; i < images.size(); i++) {
            images.copyImage(i, px, 0);
            int label = images.label(i);
            total[label]++;
            if (classify(px, 0) == label) {
                right[label]++;
            }
        }
        double[] acc = new double[classes];
        for (int k = 0; k < classes; k++) {
            acc[k] = total[k] == 0 ? Double.NaN : (double) right[k] / total[k];
        }
        return acc;
    }

    /** Share of {@code images} classified as their label. */
    public double accuracy(ImageSet images) {
        float[] px = new float[inputs];
        int right = 0;
        for (int i = 0; i < images.size(); i++) {
            images.copyImage(i, px, 0);
            if (classify(px, 0) == images.label(i)) {
                right++;
            }
        }
        return images.size() == 0 ? Double.NaN : (double) right / images.size();
    }

    private void probabilities(float[] px, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int cl = 0; cl < classes; cl++) {
            double s = bias[cl];
            int row = cl * inputs;
            for (int x = 0; x < inputs; x++) {
                s += weights[row + x] * px[x];
            }
            p[cl] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int cl = 0; cl < classes; cl++) {
            p[cl] = Math.exp(p[cl] - max);
            sum += p[cl];
        }
        for (int cl = 0; cl < classes; cl++) {
            p[cl] /= sum;
        }
    }
}
