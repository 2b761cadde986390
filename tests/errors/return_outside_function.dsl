# return belongs in a function.
input x: f32[4]
y = relu(x)
return y
