namespace Lifestream.Evaluation;

/// <summary>Optimal one-to-one assignment (Hungarian algorithm, O(n²m)) maximising the total score.</summary>
public static class SpeakerMapping
{
    /// <returns>For each row, the assigned column or −1 (rows outnumber columns, or no positive score).</returns>
    public static int[] Maximise(double[,] score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var rows = score.GetLength(0);
        var columns = score.GetLength(1);
        var n = Math.Max(rows, columns);

        // Square cost matrix (minimisation), padded with zeros.
        var cost = new double[n + 1, n + 1];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                cost[i + 1, j + 1] = -score[i, j];
            }
        }

        var u = new double[n + 1];
        var v = new double[n + 1];
        var p = new int[n + 1];
        var way = new int[n + 1];
        for (var i = 1; i <= n; i++)
        {
            p[0] = i;
            var j0 = 0;
            var minv = Enumerable.Repeat(double.PositiveInfinity, n + 1).ToArray();
            var used = new bool[n + 1];
            do
            {
                used[j0] = true;
                var i0 = p[j0];
                var delta = double.PositiveInfinity;
                var j1 = 0;
                for (var j = 1; j <= n; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }

                    var current = cost[i0, j] - u[i0] - v[j];
                    if (current < minv[j])
                    {
                        minv[j] = current;
                        way[j] = j0;
                    }

                    if (minv[j] < delta)
                    {
                        delta = minv[j];
                        j1 = j;
                    }
                }

                for (var j = 0; j <= n; j++)
                {
                    if (used[j])
                    {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minv[j] -= delta;
                    }
                }

                j0 = j1;
            }
            while (p[j0] != 0);

            do
            {
                var j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }

        var assignment = Enumerable.Repeat(-1, rows).ToArray();
        for (var j = 1; j <= n; j++)
        {
            var row = p[j] - 1;
            var column = j - 1;
            if (row < rows && column < columns && score[row, column] > 0)
            {
                assignment[row] = column;
            }
        }

        return assignment;
    }
}
