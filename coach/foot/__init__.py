"""The foot close-up view: the project's own vision for toe exercises (cv2 at the edge)."""
