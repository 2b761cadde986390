# A misspelled builtin.
input x: f32[4]
y = sigmod(x)
output y
