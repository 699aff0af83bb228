"""The same model in PyTorch autograd, float64: the independent reference for the NumPy math."""

import numpy as np
import torch


def torch_loss_and_gradients(X, Y, W, B):
    """Summed cross-entropy and its autograd gradients.  Shapes as in helpers:
    X (N, D), Y (N, C), W (C, D), B (C, 1) -> (loss float, dW (C, D), dB (C, 1))."""
    W_t = torch.tensor(W, dtype=torch.float64, requires_grad=True)
    B_t = torch.tensor(B, dtype=torch.float64, requires_grad=True)
    Z = W_t @ torch.tensor(X, dtype=torch.float64).T + B_t  # (C, N)
    target = torch.tensor(np.argmax(Y, axis=1))
    loss = torch.nn.functional.cross_entropy(Z.T, target, reduction="sum")
    loss.backward()
    return loss.item(), W_t.grad.numpy(), B_t.grad.numpy()


def torch_sgd_trajectory(X, Y, W, B, learning_rate, steps):
    """torch.optim.SGD from the same start: (W, B, losses (steps + 1,)) like helpers.train."""
    linear = torch.nn.Linear(X.shape[1], W.shape[0], dtype=torch.float64)
    with torch.no_grad():
        linear.weight.copy_(torch.from_numpy(np.asarray(W, dtype=np.float64)))
        linear.bias.copy_(torch.from_numpy(np.asarray(B, dtype=np.float64)[:, 0]))
    optimizer = torch.optim.SGD(linear.parameters(), lr=learning_rate)
    inputs = torch.tensor(X, dtype=torch.float64)
    target = torch.tensor(np.argmax(Y, axis=1))
    losses = []
    for step in range(steps + 1):
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(linear(inputs), target, reduction="sum")
        losses.append(loss.item())
        if step < steps:
            loss.backward()
            optimizer.step()
    return (
        linear.weight.detach().numpy().copy(),
        linear.bias.detach().numpy()[:, np.newaxis].copy(),
        np.array(losses),
    )
