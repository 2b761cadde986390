package nnc.frontend;

import static nnc.frontend.Programs.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    @Test
    void closeNamesAreSuggested() {
        assertEquals(List.of(
                "4:5: unknown name 'hiden'; did you mean 'hidden'?",
                "5:5: unknown function 'sigmod'; did you mean 'sigmoid'?",
                "6:16: softmax has no argument 'axsi'; did you mean 'axis'?",
                "8:17: unknown optimizer 'adma'; did you mean 'adam'?"),
                errors("""
                        dim hidden = 4
                        input x: f32[hidden]
                        param w: f32[hidden] = zeros
                        a = hiden
                        b = sigmod(x)
                        c = softmax(x, axsi=0)
                        loss = sum(x * w)
                        train loss with adma(lr=0.1)
                        """));
    }

    @Test
    void farNamesAreNot() {
        assertEquals(List.of("2:5: unknown name 'q'", "3:5: unknown function 'convolve'"), errors("""
                input x: f32[4]
                a = q
                b = convolve(x)
                """));
    }
}
