using Amazon.S3;
using Amazon.S3.Model;

namespace Lifestream.Aws.Persistence;

/// <summary>SigV4 query presigning, with the scheme of the client's endpoint.</summary>
internal static class S3Presigner
{
    public static Uri Presign(IAmazonS3 client, GetPreSignedUrlRequest request)
    {
        // Emulators listen on plain HTTP; the SDK presigns https unless told otherwise.
        if (client.Config.ServiceURL is { } serviceUrl && serviceUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            request.Protocol = Protocol.HTTP;
        }

        return new Uri(client.GetPreSignedURL(request));
    }
}
