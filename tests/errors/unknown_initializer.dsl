# Initializers: zeros, ones, normal(std), xavier, he.
param w: f32[4, 4] = xavir
param b: f32[4] = normal(0)
param v: f32[4] = he
