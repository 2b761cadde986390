# Tensors are indexed with ints: at most 2^31-1 elements.
dim n = 100000
input x: f32[n, n]
big = zeros(n, n, 4)
