# A character that starts no token.
dim n = 4
input x: f32[n]
y = x $ 2
output y
