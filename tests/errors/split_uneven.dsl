# An LSTM gate split needs a width divisible by 4.
input x: f32[8, 30]
i, f, g, o = split(x, 4, axis=1)
output i
