# A keyword argument the builtin does not have.
input x: f32[4, 10]
p = softmax(x, axs=1)
output p
