/** Round settings both sides check the same way ({@link org.fedvae.protocol.round.TrainingPlanLimits}). */
package org.fedvae.protocol.round;
