# The weight expects 16 input channels, the input has 3.
input images: f32[2, 3, 32, 32]
param w: f32[8, 16, 3, 3] = he
y = conv2d(images, w, padding=1)
output y
