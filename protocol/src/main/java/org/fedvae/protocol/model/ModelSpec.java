package org.fedvae.protocol.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered list of a model's tensors. The order is part of the contract: a flat parameter
 * vector holds the tensors one after another in exactly this order, each in row-major order.
 */
public final class ModelSpec {

    private final List<TensorSpec> tensors;
    private final Map<String, Integer> offsets;
    private final int totalSize;

    public ModelSpec(List<TensorSpec> tensors) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("a model has at least one tensor");
        }
        this.tensors = List.copyOf(tensors);
        Map<String, Integer> off = new LinkedHashMap<>();
        long total = 0;
        for (TensorSpec t : this.tensors) {
            if (off.putIfAbsent(t.name(), (int) total) != null) {
                throw new IllegalArgumentException("duplicate tensor name: " + t.name());
            }
            total += t.size();
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("model has too many parameters: " + total);
            }
        }
        this.offsets = Collections.unmodifiableMap(new HashMap<>(off));
        this.totalSize = (int) total;
    }

    public static ModelSpec of(TensorSpec... tensors) {
        return new ModelSpec(List.of(tensors));
    }

    public List<TensorSpec> tensors() {
        return tensors;
    }

    /** Total number of parameters: the length of the flat vector. */
    public int totalSize() {
        return totalSize;
    }

    /** Offset of the named tensor in the flat vector. */
    public int offsetOf(String name) {
        Integer o = offsets.get(name);
        if (o == null) {
            throw new IllegalArgumentException("no tensor named " + name + " in " + this);
        }
        return o;
    }

    public TensorSpec tensor(String name) {
        for (TensorSpec t : tensors) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no tensor named " + name + " in " + this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && tensors.equals(m.tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        return new ArrayList<>(tensors).toString();
    }
}
