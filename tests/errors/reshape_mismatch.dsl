# 24 elements do not fill rows of 5.
input x: f32[2, 3, 4]
y = reshape(x, [-1, 5])
output y
