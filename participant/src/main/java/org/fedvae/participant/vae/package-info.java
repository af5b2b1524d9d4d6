/**
 * The seed's reference VAE in ND4J: 784 -> 400 (ReLU) -> mu, logvar (20 each);
 * z = mu + exp(0.5 logvar) * eps; 20 -> 400 (ReLU) -> 784 (sigmoid); 652,824 parameters.
 *
 * <ul>
 *   <li>{@link org.fedvae.participant.vae.Vae}: the model and its Adam optimizer (train an epoch,
 *       evaluate, decode, reconstruct, get/set {@code ModelParameters}, reset Adam).</li>
 *   <li>{@link org.fedvae.participant.vae.VaeConfig}: sizes and hyper-parameters.</li>
 *   <li>{@link org.fedvae.participant.vae.VaeLayout}: tensor names, shapes ([out, in] weights, like
 *       PyTorch) and their order in the flat vector: the wire contract.</li>
 *   <li>{@link org.fedvae.participant.vae.ImageGrid}: PNGs of samples and reconstructions.</li>
 *   <li>The conditional VAE (cvae, {@code VaeConfig.labelCount() > 0}): the one-hot label also
 *       feeds enc.fc1 and dec.fc1, through two more tensors (see {@link
 *       org.fedvae.participant.vae.VaeLayout}); {@link org.fedvae.participant.vae.LabelCheck}
 *       guards its labels, {@link org.fedvae.participant.vae.ClassSampler} generates by class.</li>
 * </ul>
 *
 * <p>Loss per image: BCE summed over pixels (from logits, overflow-free) + beta * KL to N(0, I).
 * A step minimises the MEAN of that over the batch (PyTorch's example sums over the batch; Adam
 * makes the two nearly identical: with seed 1, 10 MNIST epochs gave a test loss of 105.61 with
 * the mean and 105.86 with the sum). Adam follows torch.optim.Adam exactly (lr 1e-3, betas
 * 0.9/0.999, eps 1e-8). Pixels stay in [0, 1].
 */
package org.fedvae.participant.vae;
