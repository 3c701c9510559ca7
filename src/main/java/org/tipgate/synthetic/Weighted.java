package org.tipgate.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Choices with integer weights, so that synthetic data follows realistic proportions. */
final class Weighted<T> {

    private final List<T> choices = new ArrayList<>();
    private int[] cumulative = new int[0];
    private int total;

    Weighted<T> add(int weight, T choice) {
        total += weight;
        choices.add(choice);
        cumulative = Arrays.copyOf(cumulative, cumulative.length + 1);
        cumulative[cumulative.length - 1] = total;
        return this;
    }

    T pick(SplittableRandom random) {
        int x = random.nextInt(total);
        int i = 0;
        while (x >= cumulative[i]) {
            i++;
        }
        return choices.get(i);
    }
}
